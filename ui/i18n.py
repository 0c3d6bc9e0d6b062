"""The language of the user interface: our .qm files in resources/translations and Qt's own
(for standard buttons such as OK and Cancel). Chosen in the settings; a restart shows every
screen in the new language (windows built before the change keep their words)."""

from __future__ import annotations

from PySide6.QtCore import QCoreApplication, QLibraryInfo, QLocale, QTranslator

from influence_desk.resourcefiles import resource_path

TRANSLATIONS = resource_path("translations")
CATALOG = "influence_desk"

_installed: list[QTranslator] = []
_language = "en"  # the language our catalogue shows: the one exports are printed in


def translate(context: str, text: str) -> str:
    """Translated text outside a QObject's methods (module-level labels and tables). Modules
    import it as ``_t``; resources/translations/update.sh tells lupdate both names."""
    return QCoreApplication.translate(context, text)


def language_names() -> list[tuple[str, str]]:
    """(code, name) for the settings; names in their own language, as people look for them."""
    return [
        ("", QCoreApplication.translate("i18n", "System default")),
        ("en", "English"),
        ("de", "Deutsch"),
    ]


def apply_language(code: str) -> bool:
    """Install the translations for ``code`` ("" = the system's language, "en" = none).

    Returns True when our own catalogue was found and installed."""
    app = QCoreApplication.instance()
    if app is None:
        return False
    global _language
    for translator in _installed:
        QCoreApplication.removeTranslator(translator)
    _installed.clear()
    _language = "en"
    locale = QLocale(code) if code else QLocale.system()
    if locale.language() in (QLocale.Language.English, QLocale.Language.C):
        return False
    ours = QTranslator(app)
    found = ours.load(locale, CATALOG, "_", str(TRANSLATIONS))
    if found:
        QCoreApplication.installTranslator(ours)
        _installed.append(ours)
        _language = locale.name().split("_")[0]
        qt = QTranslator(app)
        qt_dir = QLibraryInfo.path(QLibraryInfo.LibraryPath.TranslationsPath)
        if qt.load(locale, "qtbase", "_", qt_dir):
            QCoreApplication.installTranslator(qt)
            _installed.append(qt)
    return found


def export_language() -> str:
    """The language of the PDFs the app exports: the interface's ("de" or "en")."""
    from influence_desk.export.wording import LANGUAGES

    return _language if _language in LANGUAGES else "en"


def current_catalogue_loaded() -> bool:
    return bool(_installed)
