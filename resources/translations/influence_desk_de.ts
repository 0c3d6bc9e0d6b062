<?xml version="1.0" encoding="utf-8"?>
<!DOCTYPE TS>
<TS version="2.1" language="de_DE">
<context>
    <name>AddPersonDialog</name>
    <message>
        <location filename="../../ui/team_dialogs.py" line="+111"/>
        <source>Add a person</source>
        <translation>Person hinzufügen</translation>
    </message>
    <message>
        <location line="+6"/>
        <source>They get their own passphrase. Tell it to them in person, never by e-mail or chat.</source>
        <translation>Die Person bekommt eine eigene Passphrase. Sagen Sie sie ihr persönlich, nie per E-Mail oder Chat.</translation>
    </message>
    <message>
        <location line="+7"/>
        <source>Role</source>
        <translation>Rolle</translation>
    </message>
    <message>
        <location line="+8"/>
        <source>Their name in this vault</source>
        <translation>Ihr Name in diesem Tresor</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>How the team knows them, e.g. Sam</source>
        <translation>Wie das Team sie kennt, z. B. Sam</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>R&amp;ole:</source>
        <translation>R&amp;olle:</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>&amp;Name:</source>
        <translation>&amp;Name:</translation>
    </message>
    <message>
        <location line="+9"/>
        <source>Add person</source>
        <translation>Person hinzufügen</translation>
    </message>
    <message>
        <location line="+17"/>
        <source>Say how the team knows this person.</source>
        <translation>Geben Sie an, wie das Team diese Person kennt.</translation>
    </message>
    <message>
        <location line="+3"/>
        <source>Someone in this vault already has that name.</source>
        <translation>Jemand in diesem Tresor hat bereits diesen Namen.</translation>
    </message>
</context>
<context>
    <name>AppWindow</name>
    <message>
        <location filename="../../ui/app.py" line="+185"/>
        <location line="+72"/>
        <source>Influence Desk</source>
        <translation>Influence Desk</translation>
    </message>
    <message>
        <location line="-45"/>
        <source>&amp;Quit</source>
        <translation>&amp;Beenden</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Save, lock and quit</source>
        <translation>Speichern, sperren und beenden</translation>
    </message>
    <message>
        <location line="+3"/>
        <source>&amp;Keyboard shortcuts and protection</source>
        <translation>&amp;Tastenkürzel und Schutz</translation>
    </message>
    <message>
        <location line="+4"/>
        <source>Se&amp;ttings…</source>
        <translation>Ein&amp;stellungen…</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Idle lock, language, key derivation, default export</source>
        <translation>Sperre bei Inaktivität, Sprache, Schlüsselableitung, Standard-Export</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>&amp;About Influence Desk</source>
        <translation>Ü&amp;ber Influence Desk</translation>
    </message>
    <message>
        <location line="+3"/>
        <source>Status</source>
        <translation>Status</translation>
    </message>
    <message>
        <location line="+21"/>
        <source>Not watched in this session.</source>
        <translation>In dieser Sitzung nicht überwacht.</translation>
    </message>
    <message>
        <location line="+29"/>
        <location line="+125"/>
        <source>{} — Influence Desk</source>
        <translation>{} — Influence Desk</translation>
    </message>
    <message>
        <location line="-106"/>
        <source>That passphrase does not open this vault. Check the keyboard layout and Caps Lock, and try again.</source>
        <translation>Diese Passphrase öffnet den Tresor nicht. Prüfen Sie Tastaturbelegung und Feststelltaste und versuchen Sie es erneut.</translation>
    </message>
    <message>
        <location line="+32"/>
        <source>Measuring this computer and deriving the key (a few seconds)…</source>
        <translation>Dieser Computer wird vermessen und der Schlüssel abgeleitet (einige Sekunden)…</translation>
    </message>
    <message>
        <location line="+26"/>
        <source>Building the demo vault…</source>
        <translation>Der Demo-Tresor wird angelegt…</translation>
    </message>
    <message>
        <location line="+63"/>
        <source>Locked after a while without input.</source>
        <translation>Gesperrt nach einer Weile ohne Eingabe.</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Locked because the screen locked.</source>
        <translation>Gesperrt, weil der Bildschirm gesperrt wurde.</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Locked before the computer went to sleep.</source>
        <translation>Gesperrt, bevor der Computer in den Ruhezustand ging.</translation>
    </message>
    <message>
        <location line="+3"/>
        <source>Your notes are saved; the keys are dropped and nothing is left on screen or on the clipboard.</source>
        <translation>Ihre Notizen sind gespeichert; die Schlüssel sind verworfen, und nichts bleibt auf dem Bildschirm oder in der Zwischenablage.</translation>
    </message>
    <message>
        <location line="+3"/>
        <source>Locked.</source>
        <translation>Gesperrt.</translation>
    </message>
    <message>
        <location line="+73"/>
        <source>&amp;File</source>
        <translation>&amp;Datei</translation>
    </message>
    <message>
        <location line="+7"/>
        <source>&amp;Help</source>
        <translation>&amp;Hilfe</translation>
    </message>
    <message>
        <location line="+39"/>
        <source>Language changed: restart Influence Desk to see every screen in it.</source>
        <translation>Sprache geändert: Starten Sie Influence Desk neu, um alle Ansichten darin zu sehen.</translation>
    </message>
    <message>
        <location line="+6"/>
        <source>About Influence Desk</source>
        <translation>Über Influence Desk</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>&lt;b&gt;Influence Desk&lt;/b&gt;&lt;br&gt;Encrypted, pseudonymising field notes for research on the political-data industry. Offline; your notes never leave this computer unless you export them.</source>
        <translation>&lt;b&gt;Influence Desk&lt;/b&gt;&lt;br&gt;Verschlüsselte, pseudonymisierende Feldnotizen für die Recherche zur Industrie der politischen Daten. Offline; Ihre Notizen verlassen diesen Computer nur, wenn Sie sie exportieren.</translation>
    </message>
</context>
<context>
    <name>AttachImport</name>
    <message>
        <location filename="../../ui/attach_import.py" line="+65"/>
        <source>{}: attached; its text was not read: {}</source>
        <translation>{}: angehängt; sein Text wurde nicht gelesen: {}</translation>
    </message>
    <message>
        <location line="+13"/>
        <source>pasted image</source>
        <translation>eingefügtes Bild</translation>
    </message>
    <message>
        <location line="+13"/>
        <source>That is not a file.</source>
        <translation>Das ist keine Datei.</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>The file is too large to attach.</source>
        <translation>Die Datei ist zu groß zum Anhängen.</translation>
    </message>
    <message>
        <location line="+3"/>
        <source>The file could not be read.</source>
        <translation>Die Datei konnte nicht gelesen werden.</translation>
    </message>
    <message>
        <location line="+80"/>
        <source>Removing metadata, reading the text and storing in the vault…</source>
        <translation>Metadaten werden entfernt, der Text gelesen und im Tresor gespeichert…</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Cancel</source>
        <translation>Abbrechen</translation>
    </message>
    <message>
        <location line="+3"/>
        <source>Attaching</source>
        <translation>Anhängen</translation>
    </message>
    <message>
        <location filename="../../ui/attach_report.py" line="+41"/>
        <location line="+65"/>
        <source>Cancelled; the rest was not attached.</source>
        <translation>Abgebrochen; der Rest wurde nicht angehängt.</translation>
    </message>
</context>
<context>
    <name>AttachReport</name>
    <message>
        <location line="-74"/>
        <source>{} of {} files attached; the details say why not the others.</source>
        <translation>{} von {} Dateien angehängt; die Details sagen, warum die anderen nicht.</translation>
    </message>
    <message>
        <location line="+3"/>
        <source>1 file attached without its metadata.</source>
        <translation>1 Datei ohne ihre Metadaten angehängt.</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>{} files attached without their metadata.</source>
        <translation>{} Dateien ohne ihre Metadaten angehängt.</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>Some text was not read.</source>
        <translation>Ein Teil des Textes wurde nicht gelesen.</translation>
    </message>
    <message>
        <location line="+25"/>
        <source>Details</source>
        <translation>Details</translation>
    </message>
    <message>
        <location line="+3"/>
        <source>What was removed from each file</source>
        <translation>Was aus jeder Datei entfernt wurde</translation>
    </message>
    <message>
        <location line="+7"/>
        <source>Dismiss</source>
        <translation>Ausblenden</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Dismiss (each thumbnail&apos;s tip keeps it)</source>
        <translation>Ausblenden (der Tooltip jedes Vorschaubilds behält es)</translation>
    </message>
    <message>
        <location line="+14"/>
        <source>Message</source>
        <translation>Meldung</translation>
    </message>
</context>
<context>
    <name>AttachmentStrip</name>
    <message>
        <location filename="../../ui/attachment_strip.py" line="+70"/>
        <source>Open attachment: {}</source>
        <translation>Anhang öffnen: {}</translation>
    </message>
    <message>
        <location line="+3"/>
        <location line="+256"/>
        <source>Remove attachment</source>
        <translation>Anhang entfernen</translation>
    </message>
    <message>
        <location line="-253"/>
        <source>Move to a source&apos;s identity…</source>
        <translation>In die Identität einer Quelle verschieben …</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>A business card or identifying photo: sealed with the source&apos;s identity</source>
        <translation>Eine Visitenkarte oder ein Foto, das jemanden erkennen lässt: versiegelt mit der Identität der Quelle</translation>
    </message>
    <message>
        <location line="+12"/>
        <source>Who may see this attachment</source>
        <translation>Wer diesen Anhang sehen darf</translation>
    </message>
    <message>
        <location line="+56"/>
        <source>Attach…</source>
        <translation>Anhängen …</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>Attach photos, PDFs or audio; their metadata is removed on the way in. You can also drop files here or paste an image.</source>
        <translation>Fotos, PDFs oder Audio anhängen; ihre Metadaten werden beim Import entfernt. Dateien können auch hierher gezogen oder ein Bild eingefügt werden.</translation>
    </message>
    <message>
        <location line="+125"/>
        <source>Attach files</source>
        <translation>Dateien anhängen</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Photos, PDFs and audio ({})</source>
        <translation>Fotos, PDFs und Audio ({})</translation>
    </message>
    <message>
        <location line="+11"/>
        <source>Nothing can be attached here right now.</source>
        <translation>Hier kann gerade nichts angehängt werden.</translation>
    </message>
    <message>
        <location line="+6"/>
        <source>Attaching {} …</source>
        <translation>{} wird angehängt …</translation>
    </message>
    <message>
        <location line="+63"/>
        <source>Moved into the source&apos;s sealed identity.</source>
        <translation>In die versiegelte Identität der Quelle verschoben.</translation>
    </message>
    <message>
        <location line="+72"/>
        <source>Delete the original?</source>
        <translation>Original löschen?</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>The vault now holds a copy without metadata. Delete the original file from this computer?</source>
        <translation>Der Tresor enthält jetzt eine Kopie ohne Metadaten. Die Originaldatei auf diesem Computer löschen?</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>The vault now holds copies without metadata. Delete the {} original files from this computer?</source>
        <translation>Der Tresor enthält jetzt Kopien ohne Metadaten. Die {} Originaldateien auf diesem Computer löschen?</translation>
    </message>
    <message>
        <location line="+3"/>
        <source>Delete original</source>
        <translation>Original löschen</translation>
    </message>
    <message>
        <location line="-13"/>
        <source>Could not delete: {}</source>
        <translation>Nicht gelöscht: {}</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>Original deleted.</source>
        <translation>Original gelöscht.</translation>
    </message>
    <message>
        <location line="-98"/>
        <source>Attachment marked: {}.</source>
        <translation>Anhang markiert: {}.</translation>
    </message>
    <message>
        <location line="+8"/>
        <source>Remove this attachment from the vault?</source>
        <translation>Diesen Anhang aus dem Tresor entfernen?</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Its bytes are deleted; the removal is recorded in history.</source>
        <translation>Sein Inhalt wird gelöscht; das Entfernen wird im Verlauf festgehalten.</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Remove</source>
        <translation>Entfernen</translation>
    </message>
</context>
<context>
    <name>AttachmentViewer</name>
    <message>
        <location filename="../../ui/attachment_viewer.py" line="+248"/>
        <source>{} — attachment</source>
        <translation>{} — Anhang</translation>
    </message>
    <message>
        <location line="+10"/>
        <source>Opening the picture…</source>
        <translation>Das Bild wird geöffnet …</translation>
    </message>
    <message>
        <location line="+10"/>
        <source>No text was read from it.</source>
        <translation>Daraus wurde kein Text gelesen.</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>The text read from it, as the vault stores it: registered people appear by pseudonym. A search finds the note by these words.</source>
        <translation>Der daraus gelesene Text, wie der Tresor ihn speichert: registrierte Personen erscheinen mit Pseudonym. Die Suche findet die Notiz über diese Wörter.</translation>
    </message>
    <message>
        <location line="+14"/>
        <source>&amp;Fit</source>
        <translation>&amp;Einpassen</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>&amp;100 %</source>
        <translation>&amp;100 %</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Close</source>
        <translation>Schließen</translation>
    </message>
    <message>
        <location line="+54"/>
        <source>Page width</source>
        <translation>Seitenbreite</translation>
    </message>
    <message>
        <location line="+10"/>
        <source>This picture cannot be shown.</source>
        <translation>Dieses Bild kann nicht angezeigt werden.</translation>
    </message>
</context>
<context>
    <name>AudioPlayer</name>
    <message>
        <location line="-154"/>
        <location line="+33"/>
        <source>&amp;Play</source>
        <translation>&amp;Abspielen</translation>
    </message>
    <message>
        <location line="-22"/>
        <source>Audio cannot be played here: Qt Multimedia (in PySide6-Addons) is not installed. The recording is safe in the vault.</source>
        <translation>Audio kann hier nicht abgespielt werden: Qt Multimedia (in PySide6-Addons) ist nicht installiert. Die Aufnahme ist sicher im Tresor.</translation>
    </message>
    <message>
        <location line="+11"/>
        <source>This recording cannot be played here.</source>
        <translation>Diese Aufnahme kann hier nicht abgespielt werden.</translation>
    </message>
    <message>
        <location line="+3"/>
        <source>Audio note ({})</source>
        <translation>Sprachnotiz ({})</translation>
    </message>
    <message>
        <location line="+11"/>
        <source>&amp;Pause</source>
        <translation>&amp;Pause</translation>
    </message>
</context>
<context>
    <name>BodyEdit</name>
    <message>
        <location filename="../../ui/body_edit.py" line="+95"/>
        <source>Note text</source>
        <translation>Notiztext</translation>
    </message>
    <message>
        <location line="+192"/>
        <source>Source {}</source>
        <translation>Quelle {}</translation>
    </message>
    <message>
        <location line="+9"/>
        <source>A person not reviewed yet: right-click to register as a source, or to mark a public person or not a person.</source>
        <translation>Eine noch nicht geprüfte Person: Rechtsklick, um sie als Quelle zu erfassen oder als öffentliche Person bzw. keine Person zu markieren.</translation>
    </message>
    <message>
        <location line="+5"/>
        <source>{}: removed from exports that drop identifiers.</source>
        <translation>{}: wird aus Exporten entfernt, die Kennungen weglassen.</translation>
    </message>
</context>
<context>
    <name>BusyRow</name>
    <message>
        <location filename="../../ui/widgets.py" line="+151"/>
        <source>Working</source>
        <translation>In Arbeit</translation>
    </message>
</context>
<context>
    <name>ChangePassphraseDialog</name>
    <message>
        <location filename="../../ui/team_dialogs.py" line="+13"/>
        <source>Change my passphrase</source>
        <translation>Meine Passphrase ändern</translation>
    </message>
    <message>
        <location line="+5"/>
        <source>Only your own passphrase changes; everyone else keeps theirs. The old one stops working at once.</source>
        <translation>Nur Ihre eigene Passphrase ändert sich; alle anderen behalten ihre. Die alte funktioniert sofort nicht mehr.</translation>
    </message>
    <message>
        <location line="+8"/>
        <source>Current passphrase</source>
        <translation>Aktuelle Passphrase</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>&amp;Current:</source>
        <translation>&amp;Aktuell:</translation>
    </message>
    <message>
        <location line="+10"/>
        <source>Change passphrase</source>
        <translation>Passphrase ändern</translation>
    </message>
    <message>
        <location line="+10"/>
        <source>Type your current passphrase first.</source>
        <translation>Geben Sie zuerst Ihre aktuelle Passphrase ein.</translation>
    </message>
    <message>
        <location line="+7"/>
        <source>The new passphrase is the old one.</source>
        <translation>Die neue Passphrase ist die alte.</translation>
    </message>
</context>
<context>
    <name>ConflictModel</name>
    <message>
        <location filename="../../ui/sync_model.py" line="+65"/>
        <source>Note</source>
        <translation>Notiz</translation>
    </message>
    <message>
        <location line="+0"/>
        <source>Version</source>
        <translation>Version</translation>
    </message>
    <message>
        <location line="+0"/>
        <source>Made on</source>
        <translation>Entstanden auf</translation>
    </message>
    <message>
        <location line="+0"/>
        <source>By</source>
        <translation>Von</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>When</source>
        <translation>Wann</translation>
    </message>
    <message>
        <location line="+0"/>
        <source>Field</source>
        <translation>Feld</translation>
    </message>
    <message>
        <location line="+0"/>
        <source>This version</source>
        <translation>Diese Version</translation>
    </message>
    <message>
        <location line="+36"/>
        <source>identity (sealed)</source>
        <translation>Identität (versiegelt)</translation>
    </message>
    <message>
        <location line="+4"/>
        <source>no organisation</source>
        <translation>keine Organisation</translation>
    </message>
    <message>
        <location line="+12"/>
        <source>Source {}</source>
        <translation>Quelle {}</translation>
    </message>
    <message>
        <location line="+3"/>
        <source>{} (mine)</source>
        <translation>{} (meine)</translation>
    </message>
    <message>
        <location line="+13"/>
        <source>deletes the note</source>
        <translation>löscht die Notiz</translation>
    </message>
</context>
<context>
    <name>CreatePage</name>
    <message>
        <location filename="../../ui/welcome.py" line="+232"/>
        <source>Create a vault</source>
        <translation>Tresor anlegen</translation>
    </message>
    <message>
        <location line="+4"/>
        <source>A vault is an encrypted folder. Nobody can open it without a passphrase: if you forget yours and nobody else has a key slot, the notes are gone.</source>
        <translation>Ein Tresor ist ein verschlüsselter Ordner. Ohne Passphrase kann ihn niemand öffnen: Wenn Sie Ihre vergessen und niemand sonst einen Schlüsselplatz hat, sind die Notizen verloren.</translation>
    </message>
    <message>
        <location line="+10"/>
        <source>Folder</source>
        <translation>Ordner</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Choose…</source>
        <translation>Auswählen…</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Choose the folder the vault is created in</source>
        <translation>Den Ordner wählen, in dem der Tresor angelegt wird</translation>
    </message>
    <message>
        <location line="+6"/>
        <source>&amp;Folder:</source>
        <translation>&amp;Ordner:</translation>
    </message>
    <message>
        <location line="+8"/>
        <source>Create this fol&amp;der</source>
        <translation>Ordner an&amp;legen</translation>
    </message>
    <message>
        <location line="+13"/>
        <source>e.g. fair-research-2026</source>
        <translation>z. B. messe-recherche-2026</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Vault name</source>
        <translation>Name des Tresors</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Vault &amp;name:</source>
        <translation>Tresor&amp;name:</translation>
    </message>
    <message>
        <location line="+3"/>
        <source>How your team knows you, e.g. Alex</source>
        <translation>Wie Ihr Team Sie kennt, z. B. Alex</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Your name in this vault</source>
        <translation>Ihr Name in diesem Tresor</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>&amp;Your name:</source>
        <translation>&amp;Ihr Name:</translation>
    </message>
    <message>
        <location line="+4"/>
        <source>Several words you can type without looking</source>
        <translation>Mehrere Wörter, die Sie blind tippen können</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Passphrase</source>
        <translation>Passphrase</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>&amp;Passphrase:</source>
        <translation>&amp;Passphrase:</translation>
    </message>
    <message>
        <location line="+6"/>
        <location line="+126"/>
        <source>Strength: —</source>
        <translation>Stärke: —</translation>
    </message>
    <message>
        <location line="-125"/>
        <source>Passphrase strength</source>
        <translation>Stärke der Passphrase</translation>
    </message>
    <message>
        <location line="+10"/>
        <source>Repeat the passphrase</source>
        <translation>Passphrase wiederholen</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>&amp;Repeat:</source>
        <translation>&amp;Wiederholen:</translation>
    </message>
    <message>
        <location line="+3"/>
        <source>Codenames, e.g. “Amber Heron”</source>
        <translation>Decknamen, z. B. „Amber Heron“</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Codes, e.g. “S-014”</source>
        <translation>Codes, z. B. „S-014“</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Pseudonym style</source>
        <translation>Art der Pseudonyme</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>How sources are named on screen and in exports</source>
        <translation>Wie Quellen auf dem Bildschirm und in Exporten heißen</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>P&amp;seudonyms:</source>
        <translation>P&amp;seudonyme:</translation>
    </message>
    <message>
        <location line="+9"/>
        <source>Back</source>
        <translation>Zurück</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>Back to the start</source>
        <translation>Zurück zum Anfang</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>Create vault</source>
        <translation>Tresor anlegen</translation>
    </message>
    <message>
        <location line="+66"/>
        <source>Folder for the new vault</source>
        <translation>Ordner für den neuen Tresor</translation>
    </message>
    <message>
        <location line="+40"/>
        <source>very weak</source>
        <translation>sehr schwach</translation>
    </message>
    <message>
        <location line="+0"/>
        <source>weak</source>
        <translation>schwach</translation>
    </message>
    <message>
        <location line="+0"/>
        <source>fair</source>
        <translation>mittel</translation>
    </message>
    <message>
        <location line="+0"/>
        <source>strong</source>
        <translation>stark</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>very strong</source>
        <translation>sehr stark</translation>
    </message>
    <message>
        <location line="+3"/>
        <source>Strength: {}</source>
        <translation>Stärke: {}</translation>
    </message>
    <message>
        <location line="+3"/>
        <source>Add another word or two.</source>
        <translation>Fügen Sie ein, zwei Wörter hinzu.</translation>
    </message>
    <message>
        <location line="+8"/>
        <source>Give the vault a name.</source>
        <translation>Geben Sie dem Tresor einen Namen.</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>Say how your team knows you.</source>
        <translation>Geben Sie an, wie Ihr Team Sie kennt.</translation>
    </message>
    <message>
        <location line="+9"/>
        <source>The two passphrases differ.</source>
        <translation>Die beiden Passphrasen unterscheiden sich.</translation>
    </message>
    <message>
        <location line="+23"/>
        <source>A vault name cannot contain “/”.</source>
        <translation>Ein Tresorname darf kein „/“ enthalten.</translation>
    </message>
</context>
<context>
    <name>DuplicatesBar</name>
    <message>
        <location filename="../../ui/source_duplicates.py" line="+102"/>
        <source>Review &amp;pairs…</source>
        <translation>Paare &amp;prüfen…</translation>
    </message>
    <message>
        <location line="+30"/>
        <source>1 person may be registered twice, for example on two laptops.</source>
        <translation>Eine Person ist vielleicht doppelt erfasst, etwa auf zwei Laptops.</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>{} people may be registered twice, for example on two laptops.</source>
        <translation>{} Personen sind vielleicht doppelt erfasst, etwa auf zwei Laptops.</translation>
    </message>
</context>
<context>
    <name>DuplicatesDialog</name>
    <message>
        <location line="+40"/>
        <source>Possible duplicate sources</source>
        <translation>Möglicherweise doppelte Quellen</translation>
    </message>
    <message>
        <location line="+5"/>
        <source>Each pair may be one person registered twice, for example on two laptops. They are compared by their names, which stay hidden here; reveal each in the Sources tab to check (the history records it).</source>
        <translation>Jedes Paar ist vielleicht eine Person, die doppelt erfasst wurde, etwa auf zwei Laptops. Verglichen werden ihre Namen, die hier verborgen bleiben; decken Sie jede Quelle im Reiter Quellen auf, um es zu prüfen (die Historie hält es fest).</translation>
    </message>
    <message>
        <location line="+4"/>
        <source>Possible duplicates</source>
        <translation>Mögliche Doppelte</translation>
    </message>
    <message>
        <location line="+6"/>
        <source>Which one stays? Its pseudonym is kept:</source>
        <translation>Welche bleibt? Ihr Pseudonym wird behalten:</translation>
    </message>
    <message>
        <location line="+16"/>
        <source>&amp;Merge…</source>
        <translation>&amp;Zusammenführen…</translation>
    </message>
    <message>
        <location line="+15"/>
        <location line="+84"/>
        <source>No more possible duplicates.</source>
        <translation>Keine möglichen Doppelten mehr.</translation>
    </message>
    <message>
        <location line="-68"/>
        <source>Keep {}</source>
        <translation>{} behalten</translation>
    </message>
    <message>
        <location line="+30"/>
        <source>its 1 note follows</source>
        <translation>ihre 1 Notiz geht mit</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>its {} notes follow</source>
        <translation>ihre {} Notizen gehen mit</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>Merge two sources</source>
        <translation>Zwei Quellen zusammenführen</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Merge {} into {}?</source>
        <translation>{} mit {} zusammenführen?</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>{0} keeps its pseudonym; {1} becomes its alias and {2}. The merge is signed into the history and reaches the other copies with the next sync; it cannot be undone.</source>
        <translation>{0} behält ihr Pseudonym; {1} wird zu ihrem Alias, und {2}. Das Zusammenführen wird signiert in die Historie geschrieben und erreicht die anderen Kopien mit dem nächsten Abgleich; es lässt sich nicht rückgängig machen.</translation>
    </message>
    <message>
        <location line="+3"/>
        <source>Merge</source>
        <translation>Zusammenführen</translation>
    </message>
    <message>
        <location line="+16"/>
        <source>Merging: the notes move to the source that stays…</source>
        <translation>Zusammenführen: Die Notizen gehen zur Quelle, die bleibt…</translation>
    </message>
    <message>
        <location line="+8"/>
        <source>{} merged into {}; its notes follow. The next sync takes it to the other copies.</source>
        <translation>{} wurde mit {} zusammengeführt; ihre Notizen gehen mit. Der nächste Abgleich bringt es zu den anderen Kopien.</translation>
    </message>
</context>
<context>
    <name>EventDialog</name>
    <message>
        <location filename="../../ui/dialogs.py" line="+258"/>
        <source>New event</source>
        <translation>Neue Veranstaltung</translation>
    </message>
    <message>
        <location line="+0"/>
        <source>Edit event</source>
        <translation>Veranstaltung bearbeiten</translation>
    </message>
    <message>
        <location line="+10"/>
        <source>Dates known</source>
        <translation>Daten bekannt</translation>
    </message>
    <message>
        <location line="+19"/>
        <source>Name</source>
        <translation>Name</translation>
    </message>
    <message>
        <location line="+0"/>
        <source>City</source>
        <translation>Stadt</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Country</source>
        <translation>Land</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Organiser</source>
        <translation>Veranstalter</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>&amp;Kind:</source>
        <translation>&amp;Art:</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>&amp;Name:</source>
        <translation>&amp;Name:</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>&amp;City:</source>
        <translation>&amp;Stadt:</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>C&amp;ountry:</source>
        <translation>La&amp;nd:</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>&amp;Dates:</source>
        <translation>&amp;Daten:</translation>
    </message>
    <message>
        <location line="+3"/>
        <source>Or&amp;ganiser:</source>
        <translation>&amp;Veranstalter:</translation>
    </message>
    <message>
        <location line="+6"/>
        <source>An event needs a name.</source>
        <translation>Eine Veranstaltung braucht einen Namen.</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>An event cannot end before it starts.</source>
        <translation>Eine Veranstaltung kann nicht enden, bevor sie beginnt.</translation>
    </message>
</context>
<context>
    <name>EventsModel</name>
    <message>
        <location filename="../../ui/reference.py" line="+36"/>
        <source>Event</source>
        <translation>Veranstaltung</translation>
    </message>
    <message>
        <location line="+0"/>
        <source>Kind</source>
        <translation>Art</translation>
    </message>
    <message>
        <location line="+0"/>
        <source>Where</source>
        <translation>Wo</translation>
    </message>
    <message>
        <location line="+0"/>
        <source>Dates</source>
        <translation>Daten</translation>
    </message>
</context>
<context>
    <name>ExportDialog</name>
    <message>
        <location filename="../../ui/export_dialog.py" line="+105"/>
        <source>Export a redacted PDF</source>
        <translation>Geschwärztes PDF exportieren</translation>
    </message>
    <message>
        <location line="+24"/>
        <source>Export profile</source>
        <translation>Exportprofil</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>&amp;Profile:</source>
        <translation>&amp;Profil:</translation>
    </message>
    <message>
        <location line="+3"/>
        <source>&amp;Format:</source>
        <translation>F&amp;ormat:</translation>
    </message>
    <message>
        <location line="+8"/>
        <source>Title printed on the cover</source>
        <translation>Titel auf dem Deckblatt</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>&amp;Title:</source>
        <translation>&amp;Titel:</translation>
    </message>
    <message>
        <location line="+3"/>
        <source>Which notes</source>
        <translation>Welche Notizen</translation>
    </message>
    <message>
        <location line="+17"/>
        <source>Export progress</source>
        <translation>Fortschritt des Exports</translation>
    </message>
    <message>
        <location line="+22"/>
        <source>Checkpoint:</source>
        <translation>Prüfpunkt:</translation>
    </message>
    <message>
        <location line="+5"/>
        <source>History checkpoint printed on the PDF</source>
        <translation>Auf das PDF gedruckter Prüfpunkt der Historie</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>&amp;Copy</source>
        <translation>&amp;Kopieren</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Copy the checkpoint</source>
        <translation>Prüfpunkt kopieren</translation>
    </message>
    <message>
        <location line="+4"/>
        <location filename="../../ui/export_format.py" line="+135"/>
        <source>&amp;Open in PDF viewer</source>
        <translation>Im PDF-Betrachter ö&amp;ffnen</translation>
    </message>
    <message>
        <location filename="../../ui/pdf_preview.py" line="+27"/>
        <source>Preview of the exported file</source>
        <translation>Vorschau der exportierten Datei</translation>
    </message>
    <message>
        <location filename="../../ui/export_dialog.py" line="+13"/>
        <source>&amp;Export…</source>
        <translation>&amp;Exportieren…</translation>
    </message>
    <message>
        <location line="+5"/>
        <source>Cancel export</source>
        <translation>Export abbrechen</translation>
    </message>
    <message>
        <location line="+52"/>
        <source>{}: field notes</source>
        <translation>{}: Feldnotizen</translation>
    </message>
    <message>
        <location line="+12"/>
        <source>All notes in “{}” ({})</source>
        <translation>Alle Notizen in „{}“ ({})</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>All notes ({})</source>
        <translation>Alle Notizen ({})</translation>
    </message>
    <message>
        <location line="+4"/>
        <source>The current search “{}” ({} found)</source>
        <translation>Die aktuelle Suche „{}“ ({} gefunden)</translation>
    </message>
    <message>
        <location line="+3"/>
        <source>The current search (type one first)</source>
        <translation>Die aktuelle Suche (zuerst eine eingeben)</translation>
    </message>
    <message>
        <location line="+4"/>
        <source>The selected notes ({})</source>
        <translation>Die ausgewählten Notizen ({})</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>The selected note</source>
        <translation>Die ausgewählte Notiz</translation>
    </message>
    <message>
        <location filename="../../ui/export_format.py" line="-6"/>
        <source>Building, rendering and checking the PDF for leaks…</source>
        <translation>Das PDF wird erstellt, gesetzt und auf Lecks geprüft…</translation>
    </message>
    <message>
        <location filename="../../ui/export_dialog.py" line="+101"/>
        <source>Cancelling…</source>
        <translation>Wird abgebrochen…</translation>
    </message>
    <message>
        <location line="+7"/>
        <location filename="../../ui/export_run.py" line="+118"/>
        <source>Cancelled; no file was written.</source>
        <translation>Abgebrochen; es wurde keine Datei geschrieben.</translation>
    </message>
    <message>
        <location filename="../../ui/export_run.py" line="+11"/>
        <source>People named in these notes need a review first. Nothing was saved.</source>
        <translation>In diesen Notizen genannte Personen müssen zuerst geprüft werden. Nichts wurde gespeichert.</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>Register each as a source, or mark a public person or not a person, in the list “Names to review”; then export again.</source>
        <translation>Erfassen Sie jede als Quelle oder markieren Sie sie in der Liste „Namen prüfen“ als öffentliche Person oder keine Person; dann erneut exportieren.</translation>
    </message>
    <message>
        <location line="+8"/>
        <source>Export stopped by the leak gate. Nothing was saved.</source>
        <translation>Export von der Leck-Sperre gestoppt. Nichts wurde gespeichert.</translation>
    </message>
    <message>
        <location line="+3"/>
        <source>Check the marks and sources of the chosen notes, or choose a stricter profile, then export again.</source>
        <translation>Prüfen Sie Markierungen und Quellen der gewählten Notizen oder wählen Sie ein strengeres Profil und exportieren Sie dann erneut.</translation>
    </message>
    <message>
        <location filename="../../ui/export_dialog.py" line="+21"/>
        <source>Saved, and checked for leaks: nothing that must stay in the vault is in it.</source>
        <translation>Gespeichert und auf Lecks geprüft: Nichts darin muss im Tresor bleiben.</translation>
    </message>
    <message>
        <location line="+6"/>
        <source>Saved. 1 person named in these notes is not reviewed yet: keep this brief inside the team.</source>
        <translation>Gespeichert. 1 in diesen Notizen genannte Person ist noch nicht geprüft: Dieses Briefing bleibt im Team.</translation>
    </message>
    <message>
        <location line="+3"/>
        <source>Saved. {} people named in these notes are not reviewed yet: keep this brief inside the team.</source>
        <translation>Gespeichert. {} in diesen Notizen genannte Personen sind noch nicht geprüft: Dieses Briefing bleibt im Team.</translation>
    </message>
    <message>
        <location filename="../../ui/export_run.py" line="-60"/>
        <source>{} pages, 1 note.</source>
        <translation>{} Seiten, 1 Notiz.</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>{} pages, {} notes.</source>
        <translation>{} Seiten, {} Notizen.</translation>
    </message>
    <message>
        <location line="+10"/>
        <source>Redacted:</source>
        <translation>Geschwärzt:</translation>
    </message>
    <message>
        <location line="+3"/>
        <source>Nothing needed redacting.</source>
        <translation>Nichts musste geschwärzt werden.</translation>
    </message>
    <message>
        <location line="+8"/>
        <source>Left out for consent:</source>
        <translation>Wegen Einwilligung ausgelassen:</translation>
    </message>
    <message>
        <location line="+4"/>
        <source>No note was left out for consent.</source>
        <translation>Keine Notiz wurde wegen Einwilligung ausgelassen.</translation>
    </message>
    <message>
        <location line="+13"/>
        <source>The title names a person not reviewed yet. Nothing was saved.</source>
        <translation>Der Titel nennt eine noch nicht geprüfte Person. Nichts wurde gespeichert.</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Change the title, or register that person as a source; then export again.</source>
        <translation>Ändern Sie den Titel oder erfassen Sie die Person als Quelle; dann erneut exportieren.</translation>
    </message>
    <message>
        <location filename="../../ui/pdf_preview.py" line="+12"/>
        <source>Preview of the exported PDF</source>
        <translation>Vorschau des exportierten PDFs</translation>
    </message>
    <message>
        <location line="+15"/>
        <source>Preview — {} pages</source>
        <translation>Vorschau — {} Seiten</translation>
    </message>
</context>
<context>
    <name>ExportFormat</name>
    <message>
        <location filename="../../ui/export_format.py" line="-94"/>
        <source>PDF document</source>
        <translation>PDF-Dokument</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>PDF files (*.pdf)</source>
        <translation>PDF-Dateien (*.pdf)</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>Word document (DOCX)</source>
        <translation>Word-Dokument (DOCX)</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Word documents (*.docx)</source>
        <translation>Word-Dokumente (*.docx)</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>OpenDocument text (ODT)</source>
        <translation>OpenDocument-Text (ODT)</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>OpenDocument texts (*.odt)</source>
        <translation>OpenDocument-Texte (*.odt)</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>Markdown, one document</source>
        <translation>Markdown, ein Dokument</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Markdown files (*.md)</source>
        <translation>Markdown-Dateien (*.md)</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>Markdown, a folder with one file per note</source>
        <translation>Markdown, ein Ordner mit einer Datei je Notiz</translation>
    </message>
    <message>
        <location line="+4"/>
        <source>JSON lines, to import into another vault</source>
        <translation>JSON-Zeilen, zum Import in einen anderen Tresor</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>JSON lines (*.jsonl)</source>
        <translation>JSON-Zeilen (*.jsonl)</translation>
    </message>
    <message>
        <location line="+3"/>
        <source>REFI-QDA project (QualCoder, MAXQDA, NVivo, ATLAS.ti)</source>
        <translation>REFI-QDA-Projekt (QualCoder, MAXQDA, NVivo, ATLAS.ti)</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>REFI-QDA projects (*.qdpx)</source>
        <translation>REFI-QDA-Projekte (*.qdpx)</translation>
    </message>
    <message>
        <location line="+3"/>
        <source>REFI-QDA codebook alone</source>
        <translation>Nur das REFI-QDA-Codebuch</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>REFI-QDA codebooks (*.qdc)</source>
        <translation>REFI-QDA-Codebücher (*.qdc)</translation>
    </message>
    <message>
        <location line="+9"/>
        <source>Export format</source>
        <translation>Exportformat</translation>
    </message>
    <message>
        <location line="+41"/>
        <source>Save the export as</source>
        <translation>Export speichern unter</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>Name a new folder for the notes</source>
        <translation>Einen neuen Ordner für die Notizen benennen</translation>
    </message>
    <message>
        <location line="+16"/>
        <source>Building, writing and checking the file for leaks…</source>
        <translation>Die Datei wird erstellt, geschrieben und auf Lecks geprüft…</translation>
    </message>
    <message>
        <location line="+7"/>
        <source>&amp;Open the folder</source>
        <translation>Ordner ö&amp;ffnen</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>&amp;Open the file</source>
        <translation>Datei ö&amp;ffnen</translation>
    </message>
    <message>
        <location filename="../../ui/export_run.py" line="-44"/>
        <source>1 note.</source>
        <translation>1 Notiz.</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>{} notes.</source>
        <translation>{} Notizen.</translation>
    </message>
</context>
<context>
    <name>ExportNamesBox</name>
    <message>
        <location filename="../../ui/names_view.py" line="+483"/>
        <source>Names to review before a public export</source>
        <translation>Vor einem öffentlichen Export zu prüfende Namen</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Names not reviewed (a team brief only warns)</source>
        <translation>Nicht geprüfte Namen (ein Team-Briefing warnt nur)</translation>
    </message>
</context>
<context>
    <name>FilterPanel</name>
    <message>
        <location filename="../../ui/filter_panel.py" line="+66"/>
        <source>Filters</source>
        <translation>Filter</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>Show the filters</source>
        <translation>Filter zeigen</translation>
    </message>
    <message>
        <location line="+5"/>
        <source>Clear filters</source>
        <translation>Filter löschen</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>Save search…</source>
        <translation>Suche speichern…</translation>
    </message>
    <message>
        <location line="+30"/>
        <source>Kind</source>
        <translation>Art</translation>
    </message>
    <message>
        <location line="+0"/>
        <source>Event</source>
        <translation>Veranstaltung</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Organisation</source>
        <translation>Organisation</translation>
    </message>
    <message>
        <location line="+0"/>
        <source>Tag</source>
        <translation>Schlagwort</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>From</source>
        <translation>Von</translation>
    </message>
    <message>
        <location line="+0"/>
        <source>To</source>
        <translation>Bis</translation>
    </message>
    <message>
        <location line="+29"/>
        <source>Any kind</source>
        <translation>Jede Art</translation>
    </message>
    <message>
        <location line="+9"/>
        <source>Any event</source>
        <translation>Jede Veranstaltung</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Any organisation</source>
        <translation>Jede Organisation</translation>
    </message>
    <message>
        <location line="+3"/>
        <source>Any tag</source>
        <translation>Jedes Schlagwort</translation>
    </message>
    <message>
        <location line="+66"/>
        <source>one source</source>
        <translation>eine Quelle</translation>
    </message>
    <message>
        <location line="+15"/>
        <source>A date is written YYYY-MM-DD, e.g. 2026-03-12.</source>
        <translation>Ein Datum wird JJJJ-MM-TT geschrieben, z. B. 2026-03-12.</translation>
    </message>
    <message>
        <location line="+4"/>
        <source>The date range ends before it starts.</source>
        <translation>Der Zeitraum endet, bevor er beginnt.</translation>
    </message>
    <message>
        <location line="+7"/>
        <source>All notes</source>
        <translation>Alle Notizen</translation>
    </message>
    <message>
        <location line="+28"/>
        <source>Save search</source>
        <translation>Suche speichern</translation>
    </message>
    <message>
        <location line="+0"/>
        <source>Name of this search (kept in the vault):</source>
        <translation>Name dieser Suche (bleibt im Tresor):</translation>
    </message>
</context>
<context>
    <name>FirstSteps</name>
    <message>
        <location filename="../../ui/first_steps.py" line="+95"/>
        <source>First steps in this vault</source>
        <translation>Erste Schritte in diesem Tresor</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>Nothing is in it yet. Everything you add stays encrypted on this computer; names of registered sources become pseudonyms as you save.</source>
        <translation>Noch ist er leer. Alles, was Sie hinzufügen, bleibt verschlüsselt auf diesem Computer; Namen erfasster Quellen werden beim Speichern zu Pseudonymen.</translation>
    </message>
    <message>
        <location line="+4"/>
        <source>This vault has no notes yet</source>
        <translation>Dieser Tresor hat noch keine Notizen</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Notes appear here as the team writes them.</source>
        <translation>Notizen erscheinen hier, sobald das Team sie schreibt.</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>No note open</source>
        <translation>Keine Notiz geöffnet</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>Select a note in the list, or start a new one.</source>
        <translation>Wählen Sie eine Notiz in der Liste oder beginnen Sie eine neue.</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Select a note in the list to read it.</source>
        <translation>Wählen Sie eine Notiz in der Liste, um sie zu lesen.</translation>
    </message>
    <message>
        <location line="+7"/>
        <source>Ctrl+L locks the vault when you step away; it also locks itself when idle.</source>
        <translation>Strg+L sperrt den Tresor, wenn Sie weggehen; ohne Eingaben sperrt er sich auch selbst.</translation>
    </message>
    <message>
        <location line="+25"/>
        <source>Write down what you saw or heard; it is saved as you type.</source>
        <translation>Schreiben Sie auf, was Sie gesehen oder gehört haben; es wird beim Tippen gespeichert.</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>At a fair: a note with the prompts of a booth visit.</source>
        <translation>Auf einer Messe: eine Notiz mit den Fragen eines Standbesuchs.</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>Register the people you talk to: their names become pseudonyms in every note.</source>
        <translation>Erfassen Sie die Menschen, mit denen Sie sprechen: Ihre Namen werden in jeder Notiz zu Pseudonymen.</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>Bring notes you already have (JSON lines, CSV, Markdown, REFI-QDA).</source>
        <translation>Vorhandene Notizen übernehmen (JSON-Zeilen, CSV, Markdown, REFI-QDA).</translation>
    </message>
</context>
<context>
    <name>FolderCheck</name>
    <message>
        <location filename="../../ui/folder_check.py" line="+50"/>
        <source>Choose a folder for the vault.</source>
        <translation>Wählen Sie einen Ordner für den Tresor.</translation>
    </message>
    <message>
        <location line="+6"/>
        <source>Type the whole path of the folder, e.g. ~/Documents.</source>
        <translation>Geben Sie den ganzen Pfad des Ordners ein, z. B. ~/Dokumente.</translation>
    </message>
    <message>
        <location line="+7"/>
        <source>“{}” is a file, not a folder.</source>
        <translation>„{}“ ist eine Datei, kein Ordner.</translation>
    </message>
    <message>
        <location line="+5"/>
        <source>You cannot create files in “{}”; choose another folder.</source>
        <translation>In „{}“ können Sie keine Dateien anlegen; wählen Sie einen anderen Ordner.</translation>
    </message>
    <message>
        <location line="+9"/>
        <source>There is already a vault called “{}” in this folder; choose another name.</source>
        <translation>In diesem Ordner gibt es schon einen Tresor namens „{}“; wählen Sie einen anderen Namen.</translation>
    </message>
    <message>
        <location line="+8"/>
        <source>“{}” does not exist and cannot be created here.</source>
        <translation>„{}“ gibt es nicht, und er kann hier nicht angelegt werden.</translation>
    </message>
    <message>
        <location line="+3"/>
        <source>“{}” does not exist yet.</source>
        <translation>„{}“ gibt es noch nicht.</translation>
    </message>
    <message>
        <location line="+9"/>
        <source>the system refused</source>
        <translation>das System hat es abgelehnt</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>The folder could not be created: {}.</source>
        <translation>Der Ordner konnte nicht angelegt werden: {}.</translation>
    </message>
</context>
<context>
    <name>HelpDialog</name>
    <message>
        <location filename="../../ui/help.py" line="+42"/>
        <source>Keyboard shortcuts and protection</source>
        <translation>Tastenkürzel und Schutz</translation>
    </message>
    <message>
        <location line="+4"/>
        <source>Help</source>
        <translation>Hilfe</translation>
    </message>
    <message>
        <location line="+19"/>
        <source>On Linux the app listens to systemd-logind and the desktop&apos;s screen saver over D-Bus.</source>
        <translation>Unter Linux hört die App über D-Bus auf systemd-logind und den Bildschirmschoner der Arbeitsumgebung.</translation>
    </message>
    <message>
        <location line="+5"/>
        <source>On Windows and macOS the app is not told when the screen locks or the computer sleeps: lock with Ctrl+L before you walk away, and keep the idle timer short.</source>
        <translation>Unter Windows und macOS erfährt die App nicht, wenn der Bildschirm sperrt oder der Computer schläft: Sperren Sie mit Strg+L, bevor Sie weggehen, und halten Sie die Inaktivitätszeit kurz.</translation>
    </message>
    <message>
        <location line="+5"/>
        <source>Ctrl+L locks at once: the keys are dropped and nothing of your notes stays on screen.</source>
        <translation>Strg+L sperrt sofort: Die Schlüssel werden verworfen, und nichts von Ihren Notizen bleibt auf dem Bildschirm.</translation>
    </message>
    <message>
        <location line="+3"/>
        <source>After {} minutes without a key press or click the vault locks itself (Settings, Ctrl+,).</source>
        <translation>Nach {} Minuten ohne Tastendruck oder Klick sperrt sich der Tresor selbst (Einstellungen, Strg+,).</translation>
    </message>
    <message>
        <location line="+3"/>
        <source>When the screen locks or the computer suspends:</source>
        <translation>Wenn der Bildschirm sperrt oder der Computer in den Ruhezustand geht:</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Unlocking again returns to the note you had open.</source>
        <translation>Nach dem Entsperren sind Sie wieder bei der Notiz, die offen war.</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>Text you copy while a vault is open is marked as secret for clipboard managers and removed again after {} seconds, unless you copied something else since; locking and quitting remove it at once. Some clipboard managers ignore the mark.</source>
        <translation>Text, den Sie bei geöffnetem Tresor kopieren, wird für Zwischenablage-Verwaltungen als geheim markiert und nach {} Sekunden wieder entfernt, sofern Sie seither nichts anderes kopiert haben; Sperren und Beenden entfernen ihn sofort. Manche Zwischenablage-Verwaltungen ignorieren die Markierung.</translation>
    </message>
</context>
<context>
    <name>HistoryPage</name>
    <message>
        <location filename="../../ui/history_view.py" line="+330"/>
        <source>History</source>
        <translation>Historie</translation>
    </message>
    <message>
        <location line="+6"/>
        <source>Every change is a signed entry chained to the one before. Verify replays them all and compares every stored note, source and record with what the history says; a change made outside the app, or by someone holding only the data key, shows up here.</source>
        <translation>Jede Änderung ist ein signierter Eintrag, verkettet mit dem vorigen. „Prüfen“ spielt alle nach und vergleicht jede gespeicherte Notiz, Quelle und jeden Datensatz mit der Historie; eine Änderung außerhalb der App oder durch jemanden, der nur den Datenschlüssel hat, zeigt sich hier.</translation>
    </message>
    <message>
        <location line="+12"/>
        <location line="+69"/>
        <source>&amp;Verify history</source>
        <translation>Historie &amp;prüfen</translation>
    </message>
    <message>
        <location line="-66"/>
        <source>Check every signature and every stored object</source>
        <translation>Jede Signatur und jedes gespeicherte Objekt prüfen</translation>
    </message>
    <message>
        <location line="+6"/>
        <source>Optional: a checkpoint printed on an earlier export, SEQ:HASH</source>
        <translation>Optional: ein Prüfpunkt von einem früheren Export, NR:HASH</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>Earlier checkpoint to verify against</source>
        <translation>Früherer Prüfpunkt zum Abgleich</translation>
    </message>
    <message>
        <location line="+4"/>
        <source>Verification progress</source>
        <translation>Fortschritt der Prüfung</translation>
    </message>
    <message>
        <location line="+4"/>
        <source>Cancel</source>
        <translation>Abbrechen</translation>
    </message>
    <message>
        <location line="+10"/>
        <source>Current checkpoint:</source>
        <translation>Aktueller Prüfpunkt:</translation>
    </message>
    <message>
        <location line="+4"/>
        <source>Current checkpoint</source>
        <translation>Aktueller Prüfpunkt</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>The newest entry&apos;s number and hash. Keep it: verifying against it later proves that nothing before it was rewritten.</source>
        <translation>Nummer und Hash des neuesten Eintrags. Bewahren Sie ihn auf: Eine spätere Prüfung dagegen belegt, dass nichts davor umgeschrieben wurde.</translation>
    </message>
    <message>
        <location line="+3"/>
        <source>&amp;Copy</source>
        <translation>&amp;Kopieren</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>Copy the checkpoint</source>
        <translation>Prüfpunkt kopieren</translation>
    </message>
    <message>
        <location line="+8"/>
        <source>History entries, newest first</source>
        <translation>Einträge der Historie, neueste zuerst</translation>
    </message>
    <message>
        <location line="+14"/>
        <source>Enter or double-click: what this entry changed</source>
        <translation>Eingabetaste oder Doppelklick: was dieser Eintrag geändert hat</translation>
    </message>
    <message>
        <location line="+8"/>
        <source>Check every signature and every stored note against the history</source>
        <translation>Jede Signatur und jede gespeicherte Notiz gegen die Historie prüfen</translation>
    </message>
    <message>
        <location line="+3"/>
        <source>Copy &amp;checkpoint</source>
        <translation>Prüfpunkt &amp;kopieren</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>Copy the history checkpoint (number and hash of the newest entry)</source>
        <translation>Den Prüfpunkt der Historie kopieren (Nummer und Hash des neuesten Eintrags)</translation>
    </message>
    <message>
        <location line="+16"/>
        <source>{} entries</source>
        <translation>{} Einträge</translation>
    </message>
    <message>
        <location line="+0"/>
        <source>1 entry</source>
        <translation>1 Eintrag</translation>
    </message>
    <message>
        <location line="+12"/>
        <source>Checkpoint copied.</source>
        <translation>Prüfpunkt kopiert.</translation>
    </message>
    <message>
        <location line="+11"/>
        <source>Checkpoint {} copied.</source>
        <translation>Prüfpunkt {} kopiert.</translation>
    </message>
    <message>
        <location line="+47"/>
        <source>Verifying the history on open…</source>
        <translation>Die Historie wird beim Öffnen geprüft…</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Verifying the history…</source>
        <translation>Die Historie wird geprüft…</translation>
    </message>
    <message>
        <location line="+34"/>
        <source>Verification cancelled.</source>
        <translation>Prüfung abgebrochen.</translation>
    </message>
</context>
<context>
    <name>ImportDialog</name>
    <message>
        <location filename="../../ui/import_dialog.py" line="+44"/>
        <source>Import notes</source>
        <translation>Notizen importieren</translation>
    </message>
    <message>
        <location line="+7"/>
        <source>File or folder to import</source>
        <translation>Zu importierende Datei oder Ordner</translation>
    </message>
    <message>
        <location line="+3"/>
        <source>Choose a &amp;file…</source>
        <translation>&amp;Datei wählen…</translation>
    </message>
    <message>
        <location line="+3"/>
        <source>Choose a f&amp;older…</source>
        <translation>&amp;Ordner wählen…</translation>
    </message>
    <message>
        <location line="+3"/>
        <source>&amp;Notes from:</source>
        <translation>&amp;Notizen aus:</translation>
    </message>
    <message>
        <location line="+8"/>
        <source>Kind of the notes that name none</source>
        <translation>Art der Notizen, die keine nennen</translation>
    </message>
    <message>
        <location line="+4"/>
        <source>&amp;Kind, where a note names none:</source>
        <translation>&amp;Art, wo eine Notiz keine nennt:</translation>
    </message>
    <message>
        <location line="+3"/>
        <source>CSV column mapping</source>
        <translation>Spaltenzuordnung der CSV-Datei</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>Column &amp;mapping (CSV):</source>
        <translation>Spalten&amp;zuordnung (CSV):</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>Note field=CSV column, separated by commas; fields: kind, title, body, summary, date, event, organisations, sources, tags. Empty: columns named like the fields.</source>
        <translation>Notizfeld=CSV-Spalte, durch Kommas getrennt; Felder: kind, title, body, summary, date, event, organisations, sources, tags. Leer: Spalten, die wie die Felder heißen.</translation>
    </message>
    <message>
        <location line="+8"/>
        <source>&amp;Import</source>
        <translation>&amp;Importieren</translation>
    </message>
    <message>
        <location line="+16"/>
        <source>JSON lines: one note per line, as another vault exports them.</source>
        <translation>JSON-Zeilen: eine Notiz je Zeile, wie ein anderer Tresor sie exportiert.</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>CSV: one note per row, columns mapped below.</source>
        <translation>CSV: eine Notiz je Zeile, Spalten unten zugeordnet.</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Markdown: one note per file, front matter read.</source>
        <translation>Markdown: eine Notiz je Datei, Front Matter wird gelesen.</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>REFI-QDA project: one note per text source, codes as tags.</source>
        <translation>REFI-QDA-Projekt: eine Notiz je Textquelle, Codes als Schlagwörter.</translation>
    </message>
    <message>
        <location line="+26"/>
        <source>Import notes from a file</source>
        <translation>Notizen aus einer Datei importieren</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Notes (*.jsonl *.ndjson *.csv *.qdpx *.md);;All files (*)</source>
        <translation>Notizen (*.jsonl *.ndjson *.csv *.qdpx *.md);;Alle Dateien (*)</translation>
    </message>
    <message>
        <location line="+7"/>
        <source>Import a folder of Markdown notes</source>
        <translation>Einen Ordner mit Markdown-Notizen importieren</translation>
    </message>
    <message>
        <location line="+13"/>
        <source>Choose a file or a folder first.</source>
        <translation>Wählen Sie zuerst eine Datei oder einen Ordner.</translation>
    </message>
</context>
<context>
    <name>InlineMessage</name>
    <message>
        <location filename="../../ui/widgets.py" line="-39"/>
        <source>Message</source>
        <translation>Meldung</translation>
    </message>
</context>
<context>
    <name>LongWork</name>
    <message>
        <location filename="../../ui/long_work.py" line="+28"/>
        <source>Cancel</source>
        <translation>Abbrechen</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Working</source>
        <translation>In Arbeit</translation>
    </message>
    <message>
        <location line="+20"/>
        <source>Not done</source>
        <translation>Nicht erledigt</translation>
    </message>
</context>
<context>
    <name>MergeDialog</name>
    <message>
        <location filename="../../ui/dialogs.py" line="+64"/>
        <source>Merge {}</source>
        <translation>{} zusammenführen</translation>
    </message>
    <message>
        <location line="+1"/>
        <location line="+1"/>
        <source>Keep “{}”</source>
        <translation>„{}“ behalten</translation>
    </message>
    <message>
        <location line="+3"/>
        <source>The other one is removed; its notes move to the one you keep.</source>
        <translation>Der andere Eintrag wird entfernt; seine Notizen gehen an den, den Sie behalten.</translation>
    </message>
    <message>
        <location line="+4"/>
        <source>Merge</source>
        <translation>Zusammenführen</translation>
    </message>
</context>
<context>
    <name>MoveToSourceDialog</name>
    <message>
        <location filename="../../ui/attach_move.py" line="+40"/>
        <source>Move to a source&apos;s identity</source>
        <translation>In die Identität einer Quelle verschieben</translation>
    </message>
    <message>
        <location line="+5"/>
        <source>A business card or a photo that identifies someone belongs to that source&apos;s sealed identity: only researchers and leads can open it there. It leaves the note, with the text read from it, and is never exported.</source>
        <translation>Eine Visitenkarte oder ein Foto, das jemanden erkennen lässt, gehört zur versiegelten Identität dieser Quelle: Dort können nur Rechercheure und Leitungen es öffnen. Es verlässt die Notiz samt dem daraus gelesenen Text und wird nie exportiert.</translation>
    </message>
    <message>
        <location line="+7"/>
        <source>Source</source>
        <translation>Quelle</translation>
    </message>
    <message>
        <location line="+3"/>
        <source>Move</source>
        <translation>Verschieben</translation>
    </message>
    <message>
        <location line="+19"/>
        <source>Register the person as a source first</source>
        <translation>Erst die Person als Quelle registrieren</translation>
    </message>
</context>
<context>
    <name>NamesPage</name>
    <message>
        <location filename="../../ui/names_view.py" line="-65"/>
        <source>Names to review</source>
        <translation>Namen prüfen</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>Look a&amp;gain</source>
        <translation>Erneut &amp;suchen</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Look through every note again</source>
        <translation>Alle Notizen erneut durchsuchen</translation>
    </message>
    <message>
        <location line="+4"/>
        <source>People named in the notes who are not registered as sources. A public export waits until each is reviewed: register the person (the name becomes a pseudonym everywhere), or say it is a public person or not a person.</source>
        <translation>In den Notizen genannte Personen, die nicht als Quellen registriert sind. Ein öffentlicher Export wartet, bis jede geprüft ist: Erfassen Sie die Person (der Name wird überall zum Pseudonym), oder geben Sie an, dass es eine öffentliche Person oder keine Person ist.</translation>
    </message>
</context>
<context>
    <name>NamesReview</name>
    <message>
        <location line="-340"/>
        <source>To review</source>
        <translation>Zu prüfen</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Public person</source>
        <translation>Öffentliche Person</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Not a person</source>
        <translation>Keine Person</translation>
    </message>
    <message>
        <location line="+101"/>
        <source>People named in notes</source>
        <translation>In Notizen genannte Personen</translation>
    </message>
    <message>
        <location line="+3"/>
        <source>Name</source>
        <translation>Name</translation>
    </message>
    <message>
        <location line="+0"/>
        <source>State</source>
        <translation>Stand</translation>
    </message>
    <message>
        <location line="+0"/>
        <source>Notes</source>
        <translation>Notizen</translation>
    </message>
    <message>
        <location line="+14"/>
        <source>Where the name appears</source>
        <translation>Wo der Name vorkommt</translation>
    </message>
    <message>
        <location line="+4"/>
        <source>&amp;Register as source…</source>
        <translation>Als Quelle &amp;erfassen…</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>Register this person: the name becomes a pseudonym in every note</source>
        <translation>Diese Person erfassen: Der Name wird in jeder Notiz zum Pseudonym</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>&amp;Public person</source>
        <translation>Ö&amp;ffentliche Person</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>A public figure (a minister, a keynote speaker): kept as written</source>
        <translation>Eine Person des öffentlichen Lebens (Ministerin, Keynote-Redner): bleibt wie geschrieben</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>&amp;Not a person</source>
        <translation>&amp;Keine Person</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>A product, a venue, a word: no person</source>
        <translation>Ein Produkt, ein Ort, ein Wort: keine Person</translation>
    </message>
    <message>
        <location line="+29"/>
        <source>Only researchers and leads can review the people named in notes.</source>
        <translation>Nur Rechercheure und Leitungen können die in Notizen genannten Personen prüfen.</translation>
    </message>
    <message>
        <location line="+22"/>
        <source>Looking for people named in the notes…</source>
        <translation>Suche nach in den Notizen genannten Personen…</translation>
    </message>
    <message>
        <location line="+33"/>
        <source>No unregistered people are named in these notes.</source>
        <translation>In diesen Notizen sind keine unregistrierten Personen genannt.</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>1 person named in these notes is not reviewed yet.</source>
        <translation>1 in diesen Notizen genannte Person ist noch nicht geprüft.</translation>
    </message>
    <message>
        <location line="+3"/>
        <source>{} people named in these notes are not reviewed yet.</source>
        <translation>{} in diesen Notizen genannte Personen sind noch nicht geprüft.</translation>
    </message>
    <message>
        <location line="+3"/>
        <source>Every person named in these notes is reviewed.</source>
        <translation>Jede in diesen Notizen genannte Person ist geprüft.</translation>
    </message>
    <message>
        <location line="+54"/>
        <source>…and {} more.</source>
        <translation>…und {} weitere.</translation>
    </message>
    <message>
        <location line="+73"/>
        <source>Names to review ({})</source>
        <translation>Namen prüfen ({})</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Names to review</source>
        <translation>Namen prüfen</translation>
    </message>
</context>
<context>
    <name>NoteEditor</name>
    <message>
        <location filename="../../ui/editor.py" line="+41"/>
        <source>Booth: </source>
        <translation>Stand: </translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Stand / hall:
People met:
What they sell:
Claims made:
Clients or campaigns named:
Data sources mentioned:
Materials taken:
Follow up:
</source>
        <translation>Stand / Halle:
Getroffene Personen:
Was sie verkaufen:
Behauptungen:
Genannte Kunden oder Kampagnen:
Erwähnte Datenquellen:
Mitgenommenes Material:
Nachfassen:
</translation>
    </message>
    <message>
        <location line="+8"/>
        <source>Interview: </source>
        <translation>Interview: </translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Who / role:
Setting and consent given:
Key claims:
Evidence offered:
Names and organisations mentioned:
Quotes (exact words):
Follow up:
</source>
        <translation>Wer / Rolle:
Rahmen und erteilte Einwilligung:
Zentrale Aussagen:
Angebotene Belege:
Genannte Namen und Organisationen:
Zitate (wörtlich):
Nachfassen:
</translation>
    </message>
    <message>
        <location line="+85"/>
        <source>Mark &amp;team</source>
        <translation>&amp;Team markieren</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Mark the selection: team briefs only</source>
        <translation>Auswahl markieren: nur für Team-Briefings</translation>
    </message>
    <message>
        <location line="+4"/>
        <source>Mark &amp;internal</source>
        <translation>&amp;Intern markieren</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Mark the selection: never leaves the vault</source>
        <translation>Auswahl markieren: verlässt nie den Tresor</translation>
    </message>
    <message>
        <location line="+4"/>
        <source>&amp;Unmark</source>
        <translation>Markierung &amp;entfernen</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Remove redaction marks from the selection</source>
        <translation>Schwärzungsmarkierungen aus der Auswahl entfernen</translation>
    </message>
    <message>
        <location line="+3"/>
        <source>&amp;Register as source…</source>
        <translation>Als Quelle &amp;erfassen…</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Register the selected name as a source; it becomes a pseudonym</source>
        <translation>Den markierten Namen als Quelle erfassen; er wird zum Pseudonym</translation>
    </message>
    <message>
        <location line="+4"/>
        <source>Show &amp;real names for 10 s</source>
        <translation>&amp;Klarnamen 10 s zeigen</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Show this note with real names, briefly; recorded in history</source>
        <translation>Diese Notiz kurz mit Klarnamen zeigen; wird in der Historie vermerkt</translation>
    </message>
    <message>
        <location line="+4"/>
        <source>&amp;Public person</source>
        <translation>Ö&amp;ffentliche Person</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>The underlined name is a public figure: kept as written</source>
        <translation>Der unterstrichene Name ist eine Person des öffentlichen Lebens: bleibt wie geschrieben</translation>
    </message>
    <message>
        <location line="+4"/>
        <source>&amp;Not a person</source>
        <translation>&amp;Keine Person</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>The underlined words are no person</source>
        <translation>Die unterstrichenen Wörter sind keine Person</translation>
    </message>
    <message>
        <location line="+37"/>
        <source>No note open</source>
        <translation>Keine Notiz geöffnet</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>Read-only</source>
        <translation>Nur lesen</translation>
    </message>
    <message>
        <location line="+47"/>
        <location line="+58"/>
        <source>Saved</source>
        <translation>Gespeichert</translation>
    </message>
    <message>
        <location line="-42"/>
        <source>New note — saved as you type</source>
        <translation>Neue Notiz — wird beim Tippen gespeichert</translation>
    </message>
    <message>
        <location line="+13"/>
        <source>Editing…</source>
        <translation>Wird bearbeitet…</translation>
    </message>
    <message>
        <location line="+51"/>
        <source>Waiting to save…</source>
        <translation>Warte aufs Speichern…</translation>
    </message>
    <message>
        <location line="+4"/>
        <source>Not saved: {}</source>
        <translation>Nicht gespeichert: {}</translation>
    </message>
    <message>
        <location line="+7"/>
        <source>Saved {}</source>
        <translation>Gespeichert {}</translation>
    </message>
    <message>
        <location line="+20"/>
        <source>Type a title or some text first; then attach</source>
        <translation>Erst einen Titel oder etwas Text eingeben, dann anhängen</translation>
    </message>
    <message>
        <location line="+32"/>
        <source>Select some text of the note first</source>
        <translation>Markieren Sie zuerst Text in der Notiz</translation>
    </message>
    <message>
        <location filename="../../ui/editor_people.py" line="+39"/>
        <source>Put the cursor on an underlined name first</source>
        <translation>Setzen Sie den Cursor zuerst auf einen unterstrichenen Namen</translation>
    </message>
    <message>
        <location line="+5"/>
        <source>Recorded: {}.</source>
        <translation>Festgehalten: {}.</translation>
    </message>
    <message>
        <location line="+14"/>
        <source>Show real names</source>
        <translation>Echte Namen zeigen</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Show the real names in this note for 10 seconds?</source>
        <translation>Die echten Namen in dieser Notiz 10 Sekunden lang zeigen?</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>Show names</source>
        <translation>Namen zeigen</translation>
    </message>
    <message>
        <location line="+16"/>
        <source>Real names shown (recorded in history). Hidden again in 10 seconds.</source>
        <translation>Klarnamen werden gezeigt (in der Historie vermerkt). In 10 Sekunden wieder verborgen.</translation>
    </message>
    <message>
        <location line="+3"/>
        <source>Real names shown — read-only</source>
        <translation>Klarnamen sichtbar — nur lesen</translation>
    </message>
</context>
<context>
    <name>NoteFields</name>
    <message>
        <location filename="../../ui/note_fields.py" line="+53"/>
        <source>Title</source>
        <translation>Titel</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Note title</source>
        <translation>Titel der Notiz</translation>
    </message>
    <message>
        <location line="+8"/>
        <source>Save state</source>
        <translation>Speicherstand</translation>
    </message>
    <message>
        <location line="+12"/>
        <source>Kind of note</source>
        <translation>Art der Notiz</translation>
    </message>
    <message>
        <location line="+4"/>
        <source>Date and time</source>
        <translation>Datum und Uhrzeit</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>Now</source>
        <translation>Jetzt</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Set the date and time to now</source>
        <translation>Datum und Uhrzeit auf jetzt setzen</translation>
    </message>
    <message>
        <location line="+5"/>
        <source>Trade fair, conference, interview…</source>
        <translation>Messe, Konferenz, Interview…</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Event</source>
        <translation>Veranstaltung</translation>
    </message>
    <message>
        <location line="+6"/>
        <source>Organisations, comma-separated</source>
        <translation>Organisationen, durch Kommas getrennt</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Organisations</source>
        <translation>Organisationen</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>Sources by pseudonym</source>
        <translation>Quellen nach Pseudonym</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Sources</source>
        <translation>Quellen</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>Tags: vocabulary or your own</source>
        <translation>Schlagwörter: Vokabular oder eigene</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Tags</source>
        <translation>Schlagwörter</translation>
    </message>
    <message>
        <location line="+12"/>
        <source>&amp;Kind</source>
        <translation>A&amp;rt</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>&amp;When</source>
        <translation>&amp;Wann</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>Eve&amp;nt</source>
        <translation>&amp;Veranstaltung</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>&amp;Organisations</source>
        <translation>&amp;Organisationen</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>Sou&amp;rces</source>
        <translation>Q&amp;uellen</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>Ta&amp;gs</source>
        <translation>&amp;Schlagwörter</translation>
    </message>
    <message>
        <location line="+12"/>
        <source>Summary: one or two sentences</source>
        <translation>Zusammenfassung: ein, zwei Sätze</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Summary</source>
        <translation>Zusammenfassung</translation>
    </message>
    <message>
        <location line="+13"/>
        <source>What happened, who said what. Names of registered sources become pseudonyms when the note is saved.</source>
        <translation>Was geschah, wer sagte was. Namen erfasster Quellen werden beim Speichern zu Pseudonymen.</translation>
    </message>
    <message>
        <location line="+56"/>
        <source>unknown source</source>
        <translation>unbekannte Quelle</translation>
    </message>
    <message>
        <location line="+107"/>
        <source>Not a registered source: {}. Register it first (Sources tab), or select the name in the text and press Ctrl+R.</source>
        <translation>Keine erfasste Quelle: {}. Erfassen Sie sie zuerst (Reiter Quellen) oder markieren Sie den Namen im Text und drücken Sie Strg+R.</translation>
    </message>
    <message>
        <location line="-138"/>
        <source>Choose the kind with the arrow keys or Alt+Down; letters typed here are not used.</source>
        <translation>Die Art wählen Sie mit den Pfeiltasten oder Alt+Pfeil nach unten; hier getippte Buchstaben werden nicht verwendet.</translation>
    </message>
</context>
<context>
    <name>NotesList</name>
    <message>
        <location filename="../../ui/notes_list.py" line="+57"/>
        <source>New note</source>
        <translation>Neue Notiz</translation>
    </message>
    <message>
        <location line="+12"/>
        <source>Notes</source>
        <translation>Notizen</translation>
    </message>
</context>
<context>
    <name>NotesModel</name>
    <message>
        <location filename="../../ui/notes_model.py" line="+56"/>
        <source>When</source>
        <translation>Wann</translation>
    </message>
    <message>
        <location line="+0"/>
        <source>Kind</source>
        <translation>Art</translation>
    </message>
    <message>
        <location line="+0"/>
        <source>Title</source>
        <translation>Titel</translation>
    </message>
    <message>
        <location line="+0"/>
        <source>Match</source>
        <translation>Treffer</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Event</source>
        <translation>Veranstaltung</translation>
    </message>
    <message>
        <location line="+0"/>
        <source>Organisations</source>
        <translation>Organisationen</translation>
    </message>
    <message>
        <location line="+0"/>
        <source>Sources</source>
        <translation>Quellen</translation>
    </message>
    <message>
        <location line="+0"/>
        <source>Tags</source>
        <translation>Schlagwörter</translation>
    </message>
    <message>
        <location line="+119"/>
        <source>This column cannot be sorted</source>
        <translation>Nach dieser Spalte kann nicht sortiert werden</translation>
    </message>
</context>
<context>
    <name>NotesPage</name>
    <message>
        <location filename="../../ui/notes_page.py" line="+61"/>
        <source>Search notes  (Ctrl+F)</source>
        <translation>Notizen durchsuchen  (Strg+F)</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Search notes</source>
        <translation>Notizen durchsuchen</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>Words match anywhere; &quot;exact phrase&quot;; OR between alternatives. Identity holders may type a real name.</source>
        <translation>Wörter passen überall; &quot;genaue Wortfolge&quot;; OR zwischen Alternativen. Wer den Identitätsschlüssel hat, darf einen Klarnamen eingeben.</translation>
    </message>
    <message>
        <location line="+9"/>
        <source>Clear the search</source>
        <translation>Suche leeren</translation>
    </message>
    <message>
        <location line="+84"/>
        <source>&amp;New note</source>
        <translation>&amp;Neue Notiz</translation>
    </message>
    <message>
        <location line="+5"/>
        <source>Quick &amp;booth visit</source>
        <translation>Schnell: &amp;Standbesuch</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>New booth-visit note from the template, at the current event</source>
        <translation>Neue Standbesuch-Notiz aus der Vorlage, bei der aktuellen Veranstaltung</translation>
    </message>
    <message>
        <location line="+4"/>
        <source>Quick &amp;interview</source>
        <translation>Schnell: &amp;Interview</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>New interview note from the template</source>
        <translation>Neue Interview-Notiz aus der Vorlage</translation>
    </message>
    <message>
        <location line="+4"/>
        <source>&amp;Delete note…</source>
        <translation>Notiz &amp;löschen…</translation>
    </message>
    <message>
        <location line="+4"/>
        <source>&amp;Trash…</source>
        <translation>&amp;Papierkorb…</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Deleted notes: restore one, or empty the trash</source>
        <translation>Gelöschte Notizen: eine wiederherstellen oder den Papierkorb leeren</translation>
    </message>
    <message>
        <location line="+3"/>
        <source>Note &amp;history…</source>
        <translation>&amp;Verlauf der Notiz…</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Every version of the open note: what each change did, by whom, when</source>
        <translation>Jede Fassung der offenen Notiz: was jede Änderung bewirkt hat, von wem, wann</translation>
    </message>
    <message>
        <location line="+3"/>
        <source>&amp;Import notes…</source>
        <translation>Notizen &amp;importieren…</translation>
    </message>
    <message>
        <location line="+10"/>
        <source>New note</source>
        <translation>Neue Notiz</translation>
    </message>
    <message>
        <location line="+120"/>
        <source>Delete note</source>
        <translation>Notiz löschen</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Delete the note “{}”?</source>
        <translation>Die Notiz „{}“ löschen?</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>It goes to the trash (File › Trash): out of every list, search and export, and back with Restore until the trash is emptied. This is a signed history entry.</source>
        <translation>Sie kommt in den Papierkorb (Datei › Papierkorb): aus jeder Liste, Suche und jedem Export entfernt, und mit Wiederherstellen zurück, bis der Papierkorb geleert wird. Das ist ein signierter Eintrag in der Historie.</translation>
    </message>
    <message>
        <location line="+3"/>
        <source>Delete</source>
        <translation>Löschen</translation>
    </message>
    <message>
        <location filename="../../ui/notes_import.py" line="+63"/>
        <source>Imported {} notes.</source>
        <translation>{} Notizen importiert.</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>Imported 1 note.</source>
        <translation>1 Notiz importiert.</translation>
    </message>
    <message>
        <location line="+3"/>
        <source>Importing notes…</source>
        <translation>Notizen werden importiert…</translation>
    </message>
    <message>
        <location filename="../../ui/notes_page.py" line="+120"/>
        <source>All notes</source>
        <translation>Alle Notizen</translation>
    </message>
    <message>
        <location line="-27"/>
        <source>loading…</source>
        <translation>wird geladen…</translation>
    </message>
    <message>
        <location line="-227"/>
        <source>Import notes: JSON lines, CSV, Markdown notes or a REFI-QDA project</source>
        <translation>Notizen importieren: JSON-Zeilen, CSV, Markdown-Notizen oder ein REFI-QDA-Projekt</translation>
    </message>
    <message>
        <location line="+248"/>
        <source>Search results</source>
        <translation>Suchergebnisse</translation>
    </message>
    <message>
        <location line="+3"/>
        <source>{}+ best matches</source>
        <translation>{}+ beste Treffer</translation>
    </message>
    <message>
        <location line="+0"/>
        <source>{} found</source>
        <translation>{} gefunden</translation>
    </message>
    <message>
        <location line="+5"/>
        <source>{} notes</source>
        <translation>{} Notizen</translation>
    </message>
    <message>
        <location line="+0"/>
        <source>1 note</source>
        <translation>1 Notiz</translation>
    </message>
</context>
<context>
    <name>OpenChecks</name>
    <message>
        <location filename="../../ui/open_checks.py" line="+37"/>
        <source>Verifying the history on open: every signature and every stored note…</source>
        <translation>Die Historie wird beim Öffnen geprüft: jede Signatur und jede gespeicherte Notiz…</translation>
    </message>
    <message>
        <location line="+26"/>
        <source>This vault&apos;s database file is damaged. Stop adding notes, copy the whole vault folder somewhere safe, and restore the newest backup from its backups folder.</source>
        <translation>Die Datenbankdatei dieses Tresors ist beschädigt. Fügen Sie keine Notizen mehr hinzu, kopieren Sie den ganzen Tresorordner an einen sicheren Ort und stellen Sie die neueste Sicherung aus seinem Ordner backups wieder her.</translation>
    </message>
</context>
<context>
    <name>OrgKindPrompt</name>
    <message>
        <location filename="../../ui/capture.py" line="+159"/>
        <source>Kind of organisation</source>
        <translation>Art der Organisation</translation>
    </message>
    <message>
        <location line="+3"/>
        <source>Set</source>
        <translation>Festlegen</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>Leave as Other</source>
        <translation>Als „Sonstige“ lassen</translation>
    </message>
    <message>
        <location line="+26"/>
        <source>New organisation “{}”: what kind is it?</source>
        <translation>Neue Organisation „{}“: welcher Art ist sie?</translation>
    </message>
</context>
<context>
    <name>OrganisationDialog</name>
    <message>
        <location filename="../../ui/dialogs.py" line="-52"/>
        <source>New organisation</source>
        <translation>Neue Organisation</translation>
    </message>
    <message>
        <location line="+0"/>
        <source>Edit organisation</source>
        <translation>Organisation bearbeiten</translation>
    </message>
    <message>
        <location line="+4"/>
        <source>Name</source>
        <translation>Name</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>Type</source>
        <translation>Typ</translation>
    </message>
    <message>
        <location line="+5"/>
        <source>Other names, comma-separated</source>
        <translation>Andere Namen, durch Kommas getrennt</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Aliases</source>
        <translation>Aliasse</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>e.g. DE, FR, US</source>
        <translation>z. B. DE, FR, US</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Countries</source>
        <translation>Länder</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>Website</source>
        <translation>Website</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>&amp;Name:</source>
        <translation>&amp;Name:</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>&amp;Type:</source>
        <translation>&amp;Typ:</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>&amp;Aliases:</source>
        <translation>&amp;Aliasse:</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>&amp;Countries:</source>
        <translation>&amp;Länder:</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>&amp;Website:</source>
        <translation>&amp;Website:</translation>
    </message>
    <message>
        <location line="+5"/>
        <source>An organisation needs a name.</source>
        <translation>Eine Organisation braucht einen Namen.</translation>
    </message>
</context>
<context>
    <name>OrganisationsModel</name>
    <message>
        <location filename="../../ui/reference.py" line="+20"/>
        <source>Organisation</source>
        <translation>Organisation</translation>
    </message>
    <message>
        <location line="+0"/>
        <source>Type</source>
        <translation>Typ</translation>
    </message>
    <message>
        <location line="+0"/>
        <source>Countries</source>
        <translation>Länder</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Also known as</source>
        <translation>Auch bekannt als</translation>
    </message>
</context>
<context>
    <name>PairModel</name>
    <message>
        <location filename="../../ui/source_duplicates.py" line="-248"/>
        <source>Registered first</source>
        <translation>Zuerst erfasst</translation>
    </message>
    <message>
        <location line="+0"/>
        <source>Registered again</source>
        <translation>Erneut erfasst</translation>
    </message>
    <message>
        <location line="+19"/>
        <source>1 note</source>
        <translation>1 Notiz</translation>
    </message>
    <message>
        <location line="+0"/>
        <source>{} notes</source>
        <translation>{} Notizen</translation>
    </message>
</context>
<context>
    <name>PassphraseFields</name>
    <message>
        <location filename="../../ui/team_dialogs.py" line="-172"/>
        <source>New passphrase</source>
        <translation>Neue Passphrase</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Several words they can type without looking</source>
        <translation>Mehrere Wörter, die die Person blind tippen kann</translation>
    </message>
    <message>
        <location line="+3"/>
        <source>Repeat the new passphrase</source>
        <translation>Neue Passphrase wiederholen</translation>
    </message>
    <message>
        <location line="+3"/>
        <source>Passphrase strength</source>
        <translation>Stärke der Passphrase</translation>
    </message>
    <message>
        <location line="+1"/>
        <location line="+22"/>
        <source>Strength: —</source>
        <translation>Stärke: —</translation>
    </message>
    <message>
        <location line="-20"/>
        <source>&amp;Passphrase:</source>
        <translation>&amp;Passphrase:</translation>
    </message>
    <message>
        <location line="+3"/>
        <source>&amp;Repeat:</source>
        <translation>&amp;Wiederholen:</translation>
    </message>
    <message>
        <location line="+24"/>
        <source>very weak</source>
        <translation>sehr schwach</translation>
    </message>
    <message>
        <location line="+0"/>
        <source>weak</source>
        <translation>schwach</translation>
    </message>
    <message>
        <location line="+0"/>
        <source>fair</source>
        <translation>mittel</translation>
    </message>
    <message>
        <location line="+0"/>
        <source>strong</source>
        <translation>stark</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>very strong</source>
        <translation>sehr stark</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>Strength: {}</source>
        <translation>Stärke: {}</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Add another word or two.</source>
        <translation>Fügen Sie ein, zwei Wörter hinzu.</translation>
    </message>
    <message>
        <location line="+7"/>
        <source>The two passphrases differ.</source>
        <translation>Die beiden Passphrasen unterscheiden sich.</translation>
    </message>
</context>
<context>
    <name>ReferencePage</name>
    <message>
        <location filename="../../ui/reference.py" line="+109"/>
        <source>Organisations are public actors and are shown by name. Select two duplicates to merge them: the notes of one move to the other.</source>
        <translation>Organisationen sind öffentliche Akteure und werden mit Namen gezeigt. Wählen Sie zwei Dubletten, um sie zusammenzuführen: Die Notizen der einen gehen an die andere.</translation>
    </message>
    <message>
        <location line="+6"/>
        <source>Events</source>
        <translation>Veranstaltungen</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>Organisations</source>
        <translation>Organisationen</translation>
    </message>
    <message>
        <location line="+39"/>
        <source>Not saved</source>
        <translation>Nicht gespeichert</translation>
    </message>
    <message>
        <location line="+13"/>
        <source>Event added.</source>
        <translation>Veranstaltung hinzugefügt.</translation>
    </message>
    <message>
        <location line="+2"/>
        <location line="+12"/>
        <source>Saved.</source>
        <translation>Gespeichert.</translation>
    </message>
    <message>
        <location line="-2"/>
        <source>Organisation added.</source>
        <translation>Organisation hinzugefügt.</translation>
    </message>
    <message>
        <location line="+5"/>
        <source>events</source>
        <translation>Veranstaltungen</translation>
    </message>
    <message>
        <location line="+4"/>
        <source>Events merged.</source>
        <translation>Veranstaltungen zusammengeführt.</translation>
    </message>
    <message>
        <location line="+3"/>
        <source>organisations</source>
        <translation>Organisationen</translation>
    </message>
    <message>
        <location line="+5"/>
        <source>Organisations merged.</source>
        <translation>Organisationen zusammengeführt.</translation>
    </message>
</context>
<context>
    <name>ReplicaMaker</name>
    <message>
        <location filename="../../ui/sync_replica.py" line="+62"/>
        <source>Another laptop</source>
        <translation>Ein anderer Laptop</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>Make a copy for another &amp;laptop…</source>
        <translation>Kopie für einen anderen &amp;Laptop…</translation>
    </message>
    <message>
        <location line="+3"/>
        <source>Cancel copy</source>
        <translation>Kopieren abbrechen</translation>
    </message>
    <message>
        <location line="+6"/>
        <source>A colleague who has access gets their own copy of this vault and syncs it through the same folder.</source>
        <translation>Wer Zugang hat, bekommt eine eigene Kopie dieses Tresors und gleicht sie über denselben Ordner ab.</translation>
    </message>
    <message>
        <location line="+25"/>
        <source>An auditor&apos;s copy is read-only; only a lead makes copies.</source>
        <translation>Die Kopie einer Prüferin ist schreibgeschützt; Kopien macht nur eine Leitung.</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>Only a lead can make a copy for another laptop; ask your lead.</source>
        <translation>Nur eine Leitung kann eine Kopie für einen anderen Laptop machen; fragen Sie Ihre Leitung.</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>Copy this vault into an empty folder, for a colleague who has access; they open it with their own passphrase.</source>
        <translation>Diesen Tresor in einen leeren Ordner kopieren, für jemanden mit Zugang; geöffnet wird er mit der eigenen Passphrase.</translation>
    </message>
    <message>
        <location line="+12"/>
        <source>Choose an empty folder for the copy</source>
        <translation>Einen leeren Ordner für die Kopie wählen</translation>
    </message>
    <message>
        <location line="+18"/>
        <source>Copying the vault for another laptop…</source>
        <translation>Der Tresor wird für einen anderen Laptop kopiert…</translation>
    </message>
    <message>
        <location line="+9"/>
        <source>Choose the folder with its full path.</source>
        <translation>Wählen Sie den Ordner mit seinem vollständigen Pfad.</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>That folder does not exist; make it first.</source>
        <translation>Diesen Ordner gibt es nicht; legen Sie ihn zuerst an.</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>A copy cannot go inside the vault or its sync folder; choose a folder elsewhere, such as a USB stick.</source>
        <translation>Eine Kopie kann nicht in den Tresor oder seinen Abgleichsordner; wählen Sie einen Ordner anderswo, etwa auf einem USB-Stick.</translation>
    </message>
    <message>
        <location line="+3"/>
        <source>That folder is not empty; choose an empty one, so the copy is all it holds.</source>
        <translation>Dieser Ordner ist nicht leer; wählen Sie einen leeren, damit er nur die Kopie enthält.</translation>
    </message>
    <message>
        <location line="+16"/>
        <source>The copy is ready in {}. Hand that folder to your colleague (on a USB stick, say); they open it in Influence Desk with their own passphrase and choose the same sync folder.</source>
        <translation>Die Kopie liegt bereit in {}. Geben Sie diesen Ordner weiter (etwa auf einem USB-Stick); die Person öffnet ihn in Influence Desk mit ihrer eigenen Passphrase und wählt denselben Abgleichsordner.</translation>
    </message>
    <message>
        <location line="+3"/>
        <source>Copy for another laptop made.</source>
        <translation>Kopie für einen anderen Laptop gemacht.</translation>
    </message>
    <message>
        <location line="+6"/>
        <source>Cancelled; no copy was made.</source>
        <translation>Abgebrochen; es wurde keine Kopie gemacht.</translation>
    </message>
</context>
<context>
    <name>SettingsDialog</name>
    <message>
        <location filename="../../ui/settings_dialog.py" line="+46"/>
        <source>Settings</source>
        <translation>Einstellungen</translation>
    </message>
    <message>
        <location line="+6"/>
        <source>On this computer</source>
        <translation>Auf diesem Computer</translation>
    </message>
    <message>
        <location line="+6"/>
        <source> min</source>
        <translation> min</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>Lock after this many idle minutes</source>
        <translation>Nach so vielen Minuten Inaktivität sperren</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Lock after &amp;idle:</source>
        <translation>Sperren nach &amp;Inaktivität:</translation>
    </message>
    <message>
        <location line="+7"/>
        <source>Language</source>
        <translation>Sprache</translation>
    </message>
    <message>
        <location line="+4"/>
        <source>&amp;Language:</source>
        <translation>&amp;Sprache:</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Windows opened from now on use the new language; restart Influence Desk to see all of it.</source>
        <translation>Ab jetzt geöffnete Fenster nutzen die neue Sprache; starten Sie Influence Desk neu, um alles darin zu sehen.</translation>
    </message>
    <message>
        <location line="+16"/>
        <source> s</source>
        <translation> s</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>Key derivation time in seconds</source>
        <translation>Dauer der Schlüsselableitung in Sekunden</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>&amp;Key derivation:</source>
        <translation>Schlüssel&amp;ableitung:</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>How long unlocking takes for passphrases set from now on (new vaults, new people, changed passphrases). Longer is harder to guess by brute force.</source>
        <translation>Wie lange das Entsperren bei ab jetzt gesetzten Passphrasen dauert (neue Tresore, neue Personen, geänderte Passphrasen). Länger ist schwerer durch Ausprobieren zu erraten.</translation>
    </message>
    <message>
        <location line="+6"/>
        <source>Default export profile</source>
        <translation>Standard-Exportprofil</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>Default &amp;export:</source>
        <translation>Standard-&amp;Export:</translation>
    </message>
    <message>
        <location line="+3"/>
        <source>This vault</source>
        <translation>Dieser Tresor</translation>
    </message>
    <message>
        <location line="+4"/>
        <source>Pseudonym style</source>
        <translation>Art der Pseudonyme</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Codenames, e.g. “Amber Heron”</source>
        <translation>Decknamen, z. B. „Amber Heron“</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Codes, e.g. “S-014”</source>
        <translation>Codes, z. B. „S-014“</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>&amp;Pseudonyms:</source>
        <translation>&amp;Pseudonyme:</translation>
    </message>
    <message>
        <location line="+59"/>
        <source>For sources registered from now on; existing pseudonyms never change.</source>
        <translation>Für ab jetzt erfasste Quellen; vorhandene Pseudonyme ändern sich nie.</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Only a lead can change this.</source>
        <translation>Nur eine Leitung kann das ändern.</translation>
    </message>
    <message>
        <location line="-89"/>
        <source>&amp;Theme:</source>
        <translation>&amp;Farbschema:</translation>
    </message>
    <message>
        <location line="-4"/>
        <source>Colour theme</source>
        <translation>Farbschema</translation>
    </message>
</context>
<context>
    <name>Sidebar</name>
    <message>
        <location filename="../../ui/sidebar.py" line="+32"/>
        <source>Filters</source>
        <translation>Filter</translation>
    </message>
    <message>
        <location line="+30"/>
        <source>All notes</source>
        <translation>Alle Notizen</translation>
    </message>
    <message>
        <location line="+4"/>
        <source>Kinds</source>
        <translation>Arten</translation>
    </message>
    <message>
        <location line="+5"/>
        <source>Events</source>
        <translation>Veranstaltungen</translation>
    </message>
    <message>
        <location line="+13"/>
        <source>Organisations</source>
        <translation>Organisationen</translation>
    </message>
    <message>
        <location line="+7"/>
        <source>Sources</source>
        <translation>Quellen</translation>
    </message>
    <message>
        <location line="+3"/>
        <source>No role description yet</source>
        <translation>Noch keine Rollenbeschreibung</translation>
    </message>
    <message>
        <location line="+4"/>
        <source>Tags</source>
        <translation>Schlagwörter</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>Uses of data</source>
        <translation>Nutzung von Daten</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Methods</source>
        <translation>Methoden</translation>
    </message>
    <message>
        <location line="+9"/>
        <source>Free tags</source>
        <translation>Freie Schlagwörter</translation>
    </message>
    <message>
        <location line="+25"/>
        <source>Saved searches</source>
        <translation>Gespeicherte Suchen</translation>
    </message>
</context>
<context>
    <name>SidebarToggle</name>
    <message>
        <location filename="../../ui/layoutfit.py" line="+97"/>
        <source>Show the &amp;sidebar</source>
        <translation>&amp;Seitenleiste zeigen</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Show or hide the filters beside the notes list</source>
        <translation>Die Filter neben der Notizenliste zeigen oder ausblenden</translation>
    </message>
</context>
<context>
    <name>SourceDialog</name>
    <message>
        <location filename="../../ui/dialogs.py" line="-239"/>
        <source>Register a source</source>
        <translation>Quelle erfassen</translation>
    </message>
    <message>
        <location line="+0"/>
        <source>Edit source {}</source>
        <translation>Quelle {} bearbeiten</translation>
    </message>
    <message>
        <location line="+5"/>
        <source>Identity (sealed; shown only on request)</source>
        <translation>Identität (versiegelt; nur auf Anforderung gezeigt)</translation>
    </message>
    <message>
        <location line="+3"/>
        <source>Real name</source>
        <translation>Klarname</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>Other spellings, nicknames; comma-separated</source>
        <translation>Andere Schreibweisen, Spitznamen; durch Kommas getrennt</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Aliases</source>
        <translation>Aliasse</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>E-mail, phone, handle; comma-separated</source>
        <translation>E-Mail, Telefon, Handle; durch Kommas getrennt</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Contact details</source>
        <translation>Kontaktdaten</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>Private notes about the person</source>
        <translation>Private Notizen zur Person</translation>
    </message>
    <message>
        <location line="+3"/>
        <source>Real &amp;name:</source>
        <translation>&amp;Klarname:</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>&amp;Aliases:</source>
        <translation>&amp;Aliasse:</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>&amp;Contact:</source>
        <translation>K&amp;ontakt:</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Pri&amp;vate notes:</source>
        <translation>Pri&amp;vate Notizen:</translation>
    </message>
    <message>
        <location line="+3"/>
        <source>Given name too common to match alone</source>
        <translation>Vorname zu häufig, um allein erkannt zu werden</translation>
    </message>
    <message>
        <location line="+3"/>
        <source>For a first name many people share (Anna, Thomas): it becomes the pseudonym only beside the surname or after a title such as Frau or Dr., not on its own. Existing notes are pseudonymised again when you save.</source>
        <translation>Für einen Vornamen, den viele tragen (Anna, Thomas): Er wird nur neben dem Nachnamen oder nach einer Anrede wie Frau oder Dr. zum Pseudonym, nicht allein. Vorhandene Notizen werden beim Speichern erneut pseudonymisiert.</translation>
    </message>
    <message>
        <location line="+4"/>
        <source>Replace the stored identity</source>
        <translation>Gespeicherte Identität ersetzen</translation>
    </message>
    <message>
        <location line="+8"/>
        <source>Attach card or &amp;photo…</source>
        <translation>Visitenkarte oder &amp;Foto anhängen …</translation>
    </message>
    <message>
        <location line="+3"/>
        <source>A business card or a photo that identifies the person: stored with the sealed identity after saving, its metadata removed</source>
        <translation>Eine Visitenkarte oder ein Foto, das die Person erkennen lässt: nach dem Speichern bei der versiegelten Identität abgelegt, ohne Metadaten</translation>
    </message>
    <message>
        <location line="+20"/>
        <source>e.g. sales lead, voter-data broker, EU</source>
        <translation>z. B. Vertriebsleitung, Wählerdaten-Händler, EU</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Role description</source>
        <translation>Rollenbeschreibung</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>Organisation</source>
        <translation>Organisation</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>(none)</source>
        <translation>(keine)</translation>
    </message>
    <message>
        <location line="+8"/>
        <source>Consent</source>
        <translation>Einwilligung</translation>
    </message>
    <message>
        <location line="+6"/>
        <source>&amp;Role:</source>
        <translation>&amp;Rolle:</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>&amp;Organisation:</source>
        <translation>&amp;Organisation:</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Co&amp;nsent:</source>
        <translation>&amp;Einwilligung:</translation>
    </message>
    <message>
        <location line="+4"/>
        <source>Everywhere the real name or an alias appears in notes, it is replaced by the pseudonym. The pseudonym never changes.</source>
        <translation>Überall, wo der Klarname oder ein Alias in Notizen steht, wird er durch das Pseudonym ersetzt. Das Pseudonym ändert sich nie.</translation>
    </message>
    <message>
        <location line="+12"/>
        <source>Attach a card or photo</source>
        <translation>Visitenkarte oder Foto anhängen</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Photos, PDFs and audio ({})</source>
        <translation>Fotos, PDFs und Audio ({})</translation>
    </message>
    <message>
        <location line="+12"/>
        <source>Type the person&apos;s real name (at least two letters).</source>
        <translation>Geben Sie den Klarnamen der Person ein (mindestens zwei Buchstaben).</translation>
    </message>
</context>
<context>
    <name>SourcesModel</name>
    <message>
        <location filename="../../ui/sources.py" line="+53"/>
        <source>Pseudonym</source>
        <translation>Pseudonym</translation>
    </message>
    <message>
        <location line="+0"/>
        <source>Role</source>
        <translation>Rolle</translation>
    </message>
    <message>
        <location line="+0"/>
        <source>Organisation</source>
        <translation>Organisation</translation>
    </message>
    <message>
        <location line="+0"/>
        <source>Consent</source>
        <translation>Einwilligung</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Notes</source>
        <translation>Notizen</translation>
    </message>
</context>
<context>
    <name>SourcesPage</name>
    <message>
        <location line="+64"/>
        <location line="+61"/>
        <source>Sources</source>
        <translation>Quellen</translation>
    </message>
    <message>
        <location line="-58"/>
        <source>Filter by pseudonym, role, organisation</source>
        <translation>Nach Pseudonym, Rolle, Organisation filtern</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Filter sources</source>
        <translation>Quellen filtern</translation>
    </message>
    <message>
        <location line="+8"/>
        <source>People are shown by pseudonym only. Identity holders can reveal a real name for {} seconds; every reveal is written to the vault&apos;s history.</source>
        <translation>Personen werden nur mit Pseudonym gezeigt. Wer den Identitätsschlüssel hat, kann einen Klarnamen {} Sekunden lang aufdecken; jedes Aufdecken wird in der Historie des Tresors vermerkt.</translation>
    </message>
    <message>
        <location line="+9"/>
        <source>&amp;Register source…</source>
        <translation>Quelle &amp;erfassen…</translation>
    </message>
    <message>
        <location line="+3"/>
        <source>Register a person as a source</source>
        <translation>Eine Person als Quelle erfassen</translation>
    </message>
    <message>
        <location line="+3"/>
        <source>&amp;Edit…</source>
        <translation>&amp;Bearbeiten…</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>Edit the selected source</source>
        <translation>Die ausgewählte Quelle bearbeiten</translation>
    </message>
    <message>
        <location line="+4"/>
        <source>Re&amp;veal identity</source>
        <translation>Identität &amp;aufdecken</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>Show who this is for {} seconds (recorded in history)</source>
        <translation>{} Sekunden lang zeigen, wer das ist (in der Historie vermerkt)</translation>
    </message>
    <message>
        <location line="+6"/>
        <source>Show &amp;notes</source>
        <translation>&amp;Notizen zeigen</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>List the notes that mention this source</source>
        <translation>Die Notizen zeigen, die diese Quelle erwähnen</translation>
    </message>
    <message>
        <location line="+41"/>
        <source>Selected source</source>
        <translation>Ausgewählte Quelle</translation>
    </message>
    <message>
        <location line="+15"/>
        <source>Hide now</source>
        <translation>Jetzt verbergen</translation>
    </message>
    <message>
        <location line="+7"/>
        <source>Real name:</source>
        <translation>Klarname:</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Aliases:</source>
        <translation>Aliasse:</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Contact:</source>
        <translation>Kontakt:</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Notes:</source>
        <translation>Notizen:</translation>
    </message>
    <message>
        <location line="+7"/>
        <source>Attach card or photo…</source>
        <translation>Visitenkarte oder Foto anhängen …</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>A business card or a photo that identifies this person: sealed with the identity; metadata removed on the way in.</source>
        <translation>Eine Visitenkarte oder ein Foto, das diese Person erkennen lässt: mit der Identität versiegelt; Metadaten werden beim Import entfernt.</translation>
    </message>
    <message>
        <location line="+3"/>
        <source>Cards, photos:</source>
        <translation>Karten, Fotos:</translation>
    </message>
    <message>
        <location line="+44"/>
        <source>Select a source to see its consent and how often notes mention it.</source>
        <translation>Wählen Sie eine Quelle, um ihre Einwilligung zu sehen und wie oft Notizen sie erwähnen.</translation>
    </message>
    <message>
        <location line="+20"/>
        <source>Mentioned in 1 note; registered {}.</source>
        <translation>In 1 Notiz erwähnt; erfasst am {}.</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Mentioned in 1 note.</source>
        <translation>In 1 Notiz erwähnt.</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>Mentioned in {} notes; registered {}.</source>
        <translation>In {} Notizen erwähnt; erfasst am {}.</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Mentioned in {} notes.</source>
        <translation>In {} Notizen erwähnt.</translation>
    </message>
    <message>
        <location line="+45"/>
        <source>Registering the source and pseudonymising existing notes…</source>
        <translation>Die Quelle wird erfasst und vorhandene Notizen werden pseudonymisiert…</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Registered as {}.</source>
        <translation>Erfasst als {}.</translation>
    </message>
    <message>
        <location line="+44"/>
        <source>Saving the source…</source>
        <translation>Die Quelle wird gespeichert…</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Saved {}.</source>
        <translation>{} gespeichert.</translation>
    </message>
    <message>
        <location line="+16"/>
        <source>Reveal identity</source>
        <translation>Identität aufdecken</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Show the real name of {}?</source>
        <translation>Den echten Namen von {} zeigen?</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>Reveal</source>
        <translation>Aufdecken</translation>
    </message>
    <message>
        <location line="+18"/>
        <source>&lt;b&gt;{}&lt;/b&gt; — revealed, recorded in history</source>
        <translation>&lt;b&gt;{}&lt;/b&gt; — aufgedeckt, in der Historie vermerkt</translation>
    </message>
    <message>
        <location line="+22"/>
        <source>Hide now ({} s)</source>
        <translation>Jetzt verbergen ({} s)</translation>
    </message>
</context>
<context>
    <name>SyncPage</name>
    <message>
        <location filename="../../ui/sync_page.py" line="+56"/>
        <source>Sync with the team</source>
        <translation>Mit dem Team abgleichen</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>Your changes go to the sync folder as encrypted bundles and everyone else&apos;s come in from it. Point Syncthing, a shared drive or a USB stick at that folder; never at the vault itself.</source>
        <translation>Ihre Änderungen gehen als verschlüsselte Bündel in den Abgleichsordner, die der anderen kommen von dort herein. Richten Sie Syncthing, ein geteiltes Laufwerk oder einen USB-Stick auf diesen Ordner, nie auf den Tresor selbst.</translation>
    </message>
    <message>
        <location line="+14"/>
        <source>C&amp;hoose folder…</source>
        <translation>Ordner &amp;wählen…</translation>
    </message>
    <message>
        <location line="+3"/>
        <source>Sync folder:</source>
        <translation>Abgleichsordner:</translation>
    </message>
    <message>
        <location line="+5"/>
        <source>Last sync:</source>
        <translation>Letzter Abgleich:</translation>
    </message>
    <message>
        <location line="+6"/>
        <source>S&amp;ync now</source>
        <translation>Jetzt a&amp;bgleichen</translation>
    </message>
    <message>
        <location line="+4"/>
        <source>Cancel sync</source>
        <translation>Abgleich abbrechen</translation>
    </message>
    <message>
        <location line="+22"/>
        <source>Conflicts</source>
        <translation>Konflikte</translation>
    </message>
    <message>
        <location line="+4"/>
        <source>Conflicts to resolve</source>
        <translation>Zu lösende Konflikte</translation>
    </message>
    <message>
        <location line="+11"/>
        <source>Keep &amp;mine</source>
        <translation>&amp;Meine behalten</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Keep &amp;theirs</source>
        <translation>Die &amp;andere behalten</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Keep the selected &amp;version</source>
        <translation>Gewählte &amp;Version behalten</translation>
    </message>
    <message>
        <location line="+3"/>
        <source>Keep &amp;both texts</source>
        <translation>Bei&amp;de Texte behalten</translation>
    </message>
    <message>
        <location line="+22"/>
        <source>An auditor&apos;s copy is read-only and never syncs.</source>
        <translation>Die Kopie einer Prüferin ist schreibgeschützt und gleicht nie ab.</translation>
    </message>
    <message>
        <location line="+4"/>
        <source>none chosen yet</source>
        <translation>noch keiner gewählt</translation>
    </message>
    <message>
        <location line="+12"/>
        <source>never, on this computer</source>
        <translation>noch nie, auf diesem Computer</translation>
    </message>
    <message>
        <location line="+6"/>
        <source>1 note arrived or changed.</source>
        <translation>1 Notiz angekommen oder geändert.</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>{} notes arrived or changed.</source>
        <translation>{} Notizen angekommen oder geändert.</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Bundles applied: {} of {} found; sent: {}.</source>
        <translation>Bündel übernommen: {} von {} gefundenen; gesendet: {}.</translation>
    </message>
    <message>
        <location line="+4"/>
        <source>Bundles waiting for another copy&apos;s bundle: {}.</source>
        <translation>Bündel, die auf das Bündel einer anderen Kopie warten: {}.</translation>
    </message>
    <message>
        <location line="+3"/>
        <source>Changes a removed person made after the point their removal accepted, held void here (they change nothing): {}.</source>
        <translation>Änderungen einer entfernten Person nach dem Punkt, den ihre Entfernung annahm, hier als ungültig gehalten (sie ändern nichts): {}.</translation>
    </message>
    <message>
        <location line="+4"/>
        <source>Files a removed person had removed that could not come back here (no bundle of the folder holds them; attach them again from a copy that shows them): {}.</source>
        <translation>Dateien, die eine entfernte Person entfernt hatte und die hier nicht zurückkommen konnten (kein Bündel des Ordners enthält sie; hängen Sie sie von einer Kopie aus, die sie zeigt, erneut an): {}.</translation>
    </message>
    <message>
        <location line="+5"/>
        <source>Bundles refused (nothing of them applied): {}.</source>
        <translation>Abgelehnte Bündel (nichts davon übernommen): {}.</translation>
    </message>
    <message>
        <location line="+20"/>
        <source>No conflicts: every note reads the same on every copy that synced.</source>
        <translation>Keine Konflikte: Jede Notiz lautet auf jeder abgeglichenen Kopie gleich.</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>1 note was changed on two copies before either saw the other&apos;s change. Both versions are kept; choose the one the note keeps.</source>
        <translation>1 Notiz wurde auf zwei Kopien geändert, bevor eine die Änderung der anderen sah. Beide Versionen sind erhalten; wählen Sie die, die die Notiz behält.</translation>
    </message>
    <message>
        <location line="+3"/>
        <source>{} notes were changed on two copies before either saw the other&apos;s change. Both versions are kept; choose the one each note keeps.</source>
        <translation>{} Notizen wurden auf zwei Kopien geändert, bevor eine die Änderung der anderen sah. Beide Versionen sind erhalten; wählen Sie je Notiz die, die sie behält.</translation>
    </message>
    <message>
        <location line="+7"/>
        <source>1 source was changed on two copies before either saw the other&apos;s change. Both versions are kept; choose the one the source keeps.</source>
        <translation>1 Quelle wurde auf zwei Kopien geändert, bevor eine die Änderung der anderen sah. Beide Versionen sind erhalten; wählen Sie die, die die Quelle behält.</translation>
    </message>
    <message>
        <location line="+3"/>
        <source>{} sources were changed on two copies before either saw the other&apos;s change. Both versions are kept; choose the one each source keeps.</source>
        <translation>{} Quellen wurden auf zwei Kopien geändert, bevor eine die Änderung der anderen sah. Beide Versionen sind erhalten; wählen Sie je Quelle die, die sie behält.</translation>
    </message>
    <message>
        <location line="+20"/>
        <source>Choose the sync folder</source>
        <translation>Abgleichsordner wählen</translation>
    </message>
    <message>
        <location line="+15"/>
        <source>A copy for another laptop is being made; sync when it is done.</source>
        <translation>Gerade entsteht eine Kopie für einen anderen Laptop; gleichen Sie ab, wenn sie fertig ist.</translation>
    </message>
    <message>
        <location line="+6"/>
        <source>Syncing…</source>
        <translation>Gleiche ab…</translation>
    </message>
    <message>
        <location line="+15"/>
        <source>Synced; notes that came in: {}.</source>
        <translation>Abgeglichen; hereingekommene Notizen: {}.</translation>
    </message>
    <message>
        <location line="+36"/>
        <source>Resolved; the next sync takes it to the others.</source>
        <translation>Gelöst; der nächste Abgleich bringt es zu den anderen.</translation>
    </message>
</context>
<context>
    <name>SyncRunner</name>
    <message>
        <location filename="../../ui/sync_run.py" line="+128"/>
        <source>Choose a sync folder first.</source>
        <translation>Wählen Sie zuerst einen Abgleichsordner.</translation>
    </message>
    <message>
        <location line="+3"/>
        <source>Another long task is running; sync when it is done.</source>
        <translation>Eine andere lange Aufgabe läuft; gleichen Sie ab, wenn sie fertig ist.</translation>
    </message>
    <message>
        <location line="+20"/>
        <source>A sync is running; try again when it is done.</source>
        <translation>Ein Abgleich läuft; versuchen Sie es erneut, wenn er fertig ist.</translation>
    </message>
    <message>
        <location line="+16"/>
        <source>Sync cancelled; what was applied before stays applied.</source>
        <translation>Abgleich abgebrochen; was schon übernommen war, bleibt übernommen.</translation>
    </message>
</context>
<context>
    <name>SyncSettingsBox</name>
    <message>
        <location filename="../../ui/sync_settings_box.py" line="+27"/>
        <source>Automatic sync of this vault</source>
        <translation>Automatischer Abgleich dieses Tresors</translation>
    </message>
    <message>
        <location line="+7"/>
        <source>When the vault is &amp;unlocked</source>
        <translation>&amp;Wenn der Tresor entsperrt wird</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>While unlocked, e&amp;very</source>
        <translation>Solange entsperrt, al&amp;le</translation>
    </message>
    <message>
        <location line="+5"/>
        <source> min</source>
        <translation> min</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>Sync every this many minutes</source>
        <translation>Alle so viele Minuten abgleichen</translation>
    </message>
    <message>
        <location line="+7"/>
        <source>When the vault locks (&amp;before the keys go)</source>
        <translation>Beim Sperren (&amp;bevor die Schlüssel gehen)</translation>
    </message>
    <message>
        <location line="+8"/>
        <source>An auditor&apos;s copy is read-only and never syncs.</source>
        <translation>Die Kopie einer Prüferin ist schreibgeschützt und gleicht nie ab.</translation>
    </message>
    <message>
        <location line="+3"/>
        <source>No sync folder yet: choose one on the Sync tab.</source>
        <translation>Noch kein Abgleichsordner: Wählen Sie einen im Reiter Abgleich.</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>Sync folder: {}</source>
        <translation>Abgleichsordner: {}</translation>
    </message>
</context>
<context>
    <name>TeamModel</name>
    <message>
        <location filename="../../ui/team.py" line="+47"/>
        <source>Person</source>
        <translation>Person</translation>
    </message>
    <message>
        <location line="+0"/>
        <source>Role</source>
        <translation>Rolle</translation>
    </message>
    <message>
        <location line="+0"/>
        <source>Added by</source>
        <translation>Hinzugefügt von</translation>
    </message>
    <message>
        <location line="+0"/>
        <source>Added on</source>
        <translation>Hinzugefügt am</translation>
    </message>
    <message>
        <location line="+25"/>
        <source>{} (you)</source>
        <translation>{} (Sie)</translation>
    </message>
</context>
<context>
    <name>TeamPage</name>
    <message>
        <location line="+29"/>
        <location line="+37"/>
        <source>People with access</source>
        <translation>Personen mit Zugang</translation>
    </message>
    <message>
        <location line="-26"/>
        <source>&amp;Add a person…</source>
        <translation>Person &amp;hinzufügen…</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>Give someone their own passphrase for this vault</source>
        <translation>Jemandem eine eigene Passphrase für diesen Tresor geben</translation>
    </message>
    <message>
        <location line="+3"/>
        <source>&amp;Remove…</source>
        <translation>&amp;Entfernen…</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>Their passphrase stops opening this vault</source>
        <translation>Ihre Passphrase öffnet diesen Tresor nicht mehr</translation>
    </message>
    <message>
        <location line="+3"/>
        <source>Re&amp;key…</source>
        <translation>Neu ver&amp;schlüsseln…</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>A new data key for the vault; everyone who still has access keeps it</source>
        <translation>Ein neuer Datenschlüssel für den Tresor; alle, die noch Zugang haben, behalten ihn</translation>
    </message>
    <message>
        <location line="+3"/>
        <source>Change &amp;my passphrase…</source>
        <translation>&amp;Meine Passphrase ändern…</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>Change the passphrase you unlock this vault with</source>
        <translation>Die Passphrase ändern, mit der Sie diesen Tresor entsperren</translation>
    </message>
    <message>
        <location line="+39"/>
        <source>Each person unlocks the vault with their own passphrase. As a lead you add and remove people; every change is signed into the history.</source>
        <translation>Jede Person entsperrt den Tresor mit ihrer eigenen Passphrase. Als Leitung fügen Sie Personen hinzu und entfernen sie; jede Änderung wird signiert in die Historie geschrieben.</translation>
    </message>
    <message>
        <location line="+5"/>
        <source>Each person unlocks the vault with their own passphrase. Only a lead can add or remove people; you can change your own passphrase.</source>
        <translation>Jede Person entsperrt den Tresor mit ihrer eigenen Passphrase. Nur eine Leitung kann Personen hinzufügen oder entfernen; Ihre eigene Passphrase können Sie ändern.</translation>
    </message>
    <message>
        <location line="+6"/>
        <source>Removing a person stops their passphrase from opening this vault. It does not take back what they already read, copied or exported, nor the data key they held.</source>
        <translation>Wer entfernt wird, kann den Tresor mit seiner Passphrase nicht mehr öffnen. Was die Person schon gelesen, kopiert oder exportiert hat, und den Datenschlüssel, den sie hatte, holt das nicht zurück.</translation>
    </message>
    <message>
        <location line="+4"/>
        <source>That key still opens any copy of the vault folder made while they had access.</source>
        <translation>Dieser Schlüssel öffnet weiterhin jede Kopie des Tresorordners, die entstand, solange sie Zugang hatte.</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>Rekey after removing someone: from then on the vault is encrypted under a key they never saw.</source>
        <translation>Verschlüsseln Sie nach dem Entfernen neu: Danach ist der Tresor mit einem Schlüssel verschlüsselt, den die Person nie gesehen hat.</translation>
    </message>
    <message>
        <location line="+78"/>
        <source>Deriving a key for {} (a few seconds)…</source>
        <translation>Schlüssel für {} wird abgeleitet (einige Sekunden)…</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>{} can now unlock this vault as {}.</source>
        <translation>{} kann diesen Tresor jetzt als {} entsperren.</translation>
    </message>
    <message>
        <location line="+11"/>
        <source>Remove {}</source>
        <translation>{} entfernen</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Remove {} from this vault?</source>
        <translation>{} aus diesem Tresor entfernen?</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>Their passphrase will no longer open it. This does not take back what they have already seen, copied or exported, nor the data key they held: a copy of the vault folder made while they had access still opens for them. Rekey afterwards so the vault uses a key they never had.</source>
        <translation>Die Passphrase der Person öffnet ihn dann nicht mehr. Was sie schon gesehen, kopiert oder exportiert hat, und den Datenschlüssel, den sie hatte, holt das nicht zurück: Eine Kopie des Tresorordners aus der Zeit ihres Zugangs öffnet sich für sie weiterhin. Verschlüsseln Sie danach neu, damit der Tresor einen Schlüssel nutzt, den sie nie hatte.</translation>
    </message>
    <message>
        <location line="+5"/>
        <source>Remove</source>
        <translation>Entfernen</translation>
    </message>
    <message>
        <location line="+22"/>
        <source>Removing {}…</source>
        <translation>{} wird entfernt…</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>{} was removed. Rekey now if they may have a copy of the vault folder.</source>
        <translation>{} wurde entfernt. Verschlüsseln Sie jetzt neu, falls die Person eine Kopie des Tresorordners haben könnte.</translation>
    </message>
    <message>
        <location line="+11"/>
        <source>Rekey the vault</source>
        <translation>Tresor neu verschlüsseln</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Give the vault a new data key?</source>
        <translation>Dem Tresor einen neuen Datenschlüssel geben?</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Everyone still listed keeps access with their own passphrase; the notes and backups are re-encrypted. A person already removed can then no longer open new copies of the vault. This takes a moment and cannot be cancelled once it starts.</source>
        <translation>Alle noch aufgeführten Personen behalten mit ihrer Passphrase Zugang; Notizen und Sicherungen werden neu verschlüsselt. Eine bereits entfernte Person kann neue Kopien des Tresors dann nicht mehr öffnen. Das dauert einen Moment und lässt sich nach dem Start nicht abbrechen.</translation>
    </message>
    <message>
        <location line="+4"/>
        <source>Rekey</source>
        <translation>Neu verschlüsseln</translation>
    </message>
    <message>
        <location line="+13"/>
        <source>Rekeying: re-encrypting the notes and backups…</source>
        <translation>Neuverschlüsselung: Notizen und Sicherungen werden neu verschlüsselt…</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>Done: the vault has a new data key; every remaining person was given it.</source>
        <translation>Fertig: Der Tresor hat einen neuen Datenschlüssel; alle verbliebenen Personen haben ihn erhalten.</translation>
    </message>
    <message>
        <location line="+25"/>
        <source>Deriving the key for your new passphrase…</source>
        <translation>Der Schlüssel für Ihre neue Passphrase wird abgeleitet…</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>Your passphrase was changed. Use the new one from now on.</source>
        <translation>Ihre Passphrase wurde geändert. Verwenden Sie ab jetzt die neue.</translation>
    </message>
</context>
<context>
    <name>TrashDialog</name>
    <message>
        <location filename="../../ui/trash_view.py" line="+33"/>
        <location line="+3"/>
        <source>Trash</source>
        <translation>Papierkorb</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>Deleted notes wait here: they are in no list, search or export. Restore brings one back as it was; emptying the trash removes them for good (a signed entry).</source>
        <translation>Gelöschte Notizen warten hier: Sie sind in keiner Liste, Suche und keinem Export. Wiederherstellen holt eine zurück, wie sie war; den Papierkorb zu leeren entfernt sie endgültig (ein signierter Eintrag).</translation>
    </message>
    <message>
        <location line="+5"/>
        <source>Notes in the trash</source>
        <translation>Notizen im Papierkorb</translation>
    </message>
    <message>
        <location line="+8"/>
        <source>&amp;Restore</source>
        <translation>&amp;Wiederherstellen</translation>
    </message>
    <message>
        <location line="+3"/>
        <source>&amp;Empty trash…</source>
        <translation>Papierkorb &amp;leeren…</translation>
    </message>
    <message>
        <location line="+20"/>
        <source>{} — deleted {}</source>
        <translation>{} — gelöscht {}</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>(untitled)</source>
        <translation>(ohne Titel)</translation>
    </message>
    <message>
        <location line="+6"/>
        <source>The trash is empty.</source>
        <translation>Der Papierkorb ist leer.</translation>
    </message>
    <message>
        <location line="+19"/>
        <source>“{}” is back among the notes.</source>
        <translation>„{}“ ist wieder bei den Notizen.</translation>
    </message>
    <message>
        <location line="+11"/>
        <location line="+5"/>
        <source>Empty trash</source>
        <translation>Papierkorb leeren</translation>
    </message>
    <message>
        <location line="-4"/>
        <source>Remove the {} notes in the trash for good?</source>
        <translation>Die {} Notizen im Papierkorb endgültig entfernen?</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Remove the note in the trash for good?</source>
        <translation>Die Notiz im Papierkorb endgültig entfernen?</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>Their text cannot be brought back.</source>
        <translation>Ihr Text lässt sich nicht zurückholen.</translation>
    </message>
    <message>
        <location line="+13"/>
        <source>{} notes removed for good.</source>
        <translation>{} Notizen endgültig entfernt.</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>1 note removed for good.</source>
        <translation>1 Notiz endgültig entfernt.</translation>
    </message>
</context>
<context>
    <name>UnlockPage</name>
    <message>
        <location filename="../../ui/unlock.py" line="+80"/>
        <source>Locked</source>
        <translation>Gesperrt</translation>
    </message>
    <message>
        <location line="+3"/>
        <source>Unlock</source>
        <translation>Entsperren</translation>
    </message>
    <message>
        <location line="+13"/>
        <source>&amp;Passphrase</source>
        <translation>&amp;Passphrase</translation>
    </message>
    <message>
        <location line="+5"/>
        <source>Passphrase</source>
        <translation>Passphrase</translation>
    </message>
    <message>
        <location line="+5"/>
        <location line="+132"/>
        <source>Show passphrase</source>
        <translation>Passphrase zeigen</translation>
    </message>
    <message>
        <location line="-127"/>
        <source>&amp;Unlock</source>
        <translation>&amp;Entsperren</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>Unlock the vault</source>
        <translation>Den Tresor entsperren</translation>
    </message>
    <message>
        <location line="+13"/>
        <source>Choose another vault</source>
        <translation>Anderen Tresor wählen</translation>
    </message>
    <message>
        <location line="+3"/>
        <source>Back to the start</source>
        <translation>Zurück zum Anfang</translation>
    </message>
    <message>
        <location line="+3"/>
        <source>&amp;Cancel</source>
        <translation>Abb&amp;rechen</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>Stop unlocking</source>
        <translation>Entsperren abbrechen</translation>
    </message>
    <message>
        <location line="+23"/>
        <source>“{}” is locked</source>
        <translation>„{}“ ist gesperrt</translation>
    </message>
    <message>
        <location line="+9"/>
        <source>Unlock “{}”</source>
        <translation>„{}“ entsperren</translation>
    </message>
    <message>
        <location line="+11"/>
        <source>This is the demo vault: every person, organisation and number in it is fictional. Its passphrase is &lt;b&gt;{}&lt;/b&gt; (filled in for you).</source>
        <translation>Das ist der Demo-Tresor: Jede Person, Organisation und Nummer darin ist erfunden. Seine Passphrase ist &lt;b&gt;{}&lt;/b&gt; (schon eingetragen).</translation>
    </message>
    <message>
        <location line="+5"/>
        <source>To see it as a read-only auditor, use &lt;b&gt;{}&lt;/b&gt; instead.</source>
        <translation>Um ihn als Prüfer nur lesend zu sehen, nehmen Sie stattdessen &lt;b&gt;{}&lt;/b&gt;.</translation>
    </message>
    <message>
        <location line="+21"/>
        <source>Deriving the key from your passphrase…</source>
        <translation>Der Schlüssel wird aus Ihrer Passphrase abgeleitet…</translation>
    </message>
    <message>
        <location line="+11"/>
        <source>Trying {}’s key… {} of {}</source>
        <translation>Schlüssel von {} wird versucht… {} von {}</translation>
    </message>
    <message>
        <location line="+5"/>
        <source>Unlocking was cancelled; nothing was opened.</source>
        <translation>Das Entsperren wurde abgebrochen; nichts wurde geöffnet.</translation>
    </message>
    <message>
        <location line="+19"/>
        <source>Hide passphrase</source>
        <translation>Passphrase verbergen</translation>
    </message>
    <message>
        <location line="+12"/>
        <source>Type the passphrase first.</source>
        <translation>Geben Sie zuerst die Passphrase ein.</translation>
    </message>
</context>
<context>
    <name>VersionDiffDialog</name>
    <message>
        <location filename="../../ui/version_diff.py" line="+104"/>
        <source>History entry</source>
        <translation>Eintrag der Historie</translation>
    </message>
    <message>
        <location line="+18"/>
        <source>Every history entry of this note</source>
        <translation>Jeder Eintrag dieser Notiz in der Historie</translation>
    </message>
    <message>
        <location line="+6"/>
        <source>Only fields that &amp;changed</source>
        <translation>Nur &amp;geänderte Felder</translation>
    </message>
    <message>
        <location line="+14"/>
        <source>&amp;Restore this version…</source>
        <translation>Diese Fassung &amp;wiederherstellen…</translation>
    </message>
    <message>
        <location line="+3"/>
        <source>Make the note read as it did after this entry (a new signed entry)</source>
        <translation>Die Notiz wieder so lauten lassen wie nach diesem Eintrag (ein neuer signierter Eintrag)</translation>
    </message>
    <message>
        <location line="+26"/>
        <location line="+2"/>
        <source>{} · {}</source>
        <translation>{} · {}</translation>
    </message>
    <message>
        <location line="+4"/>
        <source>This version was not kept (made before versions were kept)</source>
        <translation>Diese Fassung wurde nicht aufbewahrt (entstanden, bevor Fassungen aufbewahrt wurden)</translation>
    </message>
    <message>
        <location line="+31"/>
        <source>History entry {}</source>
        <translation>Eintrag {} der Historie</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>Entry {}: {}</source>
        <translation>Eintrag {}: {}</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>by {}</source>
        <translation>von {}</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>on {}</source>
        <translation>am {}</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>written on {}</source>
        <translation>geschrieben auf: {}</translation>
    </message>
    <message>
        <location line="+3"/>
        <source>restoring the version of entry {}</source>
        <translation>stellt die Fassung von Eintrag {} wieder her</translation>
    </message>
    <message>
        <location line="+3"/>
        <source>compared with entry {}</source>
        <translation>verglichen mit Eintrag {}</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>the version before was not kept</source>
        <translation>die Fassung davor wurde nicht aufbewahrt</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>the version it made was not kept</source>
        <translation>die Fassung, die er ergab, wurde nicht aufbewahrt</translation>
    </message>
    <message>
        <location line="+16"/>
        <source>This entry is not about a note; it records: {}</source>
        <translation>Dieser Eintrag betrifft keine Notiz; er hält fest: {}</translation>
    </message>
    <message>
        <location line="+4"/>
        <source>Before (entry {})</source>
        <translation>Vorher (Eintrag {})</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Before</source>
        <translation>Vorher</translation>
    </message>
    <message>
        <location line="+3"/>
        <source>After (entry {})</source>
        <translation>Nachher (Eintrag {})</translation>
    </message>
    <message>
        <location line="+4"/>
        <source>No field a reader can see changed in this entry.</source>
        <translation>In diesem Eintrag hat sich kein lesbares Feld geändert.</translation>
    </message>
    <message>
        <location line="+58"/>
        <source>Restore version</source>
        <translation>Fassung wiederherstellen</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Make the note read as it did after entry {}?</source>
        <translation>Die Notiz wieder so lauten lassen wie nach Eintrag {}?</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Note restored</source>
        <translation>Notiz wiederhergestellt</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Restore</source>
        <translation>Wiederherstellen</translation>
    </message>
</context>
<context>
    <name>WelcomePage</name>
    <message>
        <location filename="../../ui/welcome.py" line="-411"/>
        <source>Influence Desk</source>
        <translation>Influence Desk</translation>
    </message>
    <message>
        <location line="+4"/>
        <source>Encrypted field notes for research on the political-data industry. Sources stay pseudonymous, even inside the vault; everything stays on this computer.</source>
        <translation>Verschlüsselte Feldnotizen für die Recherche zur Industrie der politischen Daten. Quellen bleiben pseudonym, selbst im Tresor; alles bleibt auf diesem Computer.</translation>
    </message>
    <message>
        <location line="+12"/>
        <source>Open a vault</source>
        <translation>Tresor öffnen</translation>
    </message>
    <message>
        <location line="+3"/>
        <source>Recent vaults</source>
        <translation>Zuletzt geöffnete Tresore</translation>
    </message>
    <message>
        <location line="+6"/>
        <source>Vaults you create or open are listed here (the demo is not: it is made fresh each time).</source>
        <translation>Tresore, die Sie anlegen oder öffnen, stehen hier (die Demo nicht: sie wird jedes Mal neu erstellt).</translation>
    </message>
    <message>
        <location line="+3"/>
        <source>Recent</source>
        <translation>Zuletzt geöffnet</translation>
    </message>
    <message>
        <location line="+4"/>
        <source>&amp;Open</source>
        <translation>Ö&amp;ffnen</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>Open the selected vault (Enter)</source>
        <translation>Den ausgewählten Tresor öffnen (Eingabe)</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>&amp;Browse…</source>
        <translation>&amp;Durchsuchen…</translation>
    </message>
    <message>
        <location line="+3"/>
        <source>Find a vault folder on disk</source>
        <translation>Einen Tresorordner auf der Festplatte suchen</translation>
    </message>
    <message>
        <location line="+9"/>
        <source>Start</source>
        <translation>Start</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>&amp;Create a new vault…</source>
        <translation>Neuen Tresor &amp;anlegen…</translation>
    </message>
    <message>
        <location line="+4"/>
        <source>Create an encrypted vault</source>
        <translation>Einen verschlüsselten Tresor anlegen</translation>
    </message>
    <message>
        <location line="+5"/>
        <source>You become its lead: you can add team members and auditors later.</source>
        <translation>Sie werden seine Leitung: Teammitglieder und Prüfer können Sie später hinzufügen.</translation>
    </message>
    <message>
        <location line="+3"/>
        <source>Try the &amp;demo vault</source>
        <translation>&amp;Demo-Tresor ausprobieren</translation>
    </message>
    <message>
        <location line="+4"/>
        <source>A fresh vault of fictional notes</source>
        <translation>Ein frischer Tresor mit erfundenen Notizen</translation>
    </message>
    <message>
        <location line="+5"/>
        <source>Fictional trade-fair notes, sources and events, to look around.</source>
        <translation>Erfundene Messenotizen, Quellen und Veranstaltungen zum Umschauen.</translation>
    </message>
    <message>
        <location line="+25"/>
        <source>Not found: {}</source>
        <translation>Nicht gefunden: {}</translation>
    </message>
    <message>
        <location line="+36"/>
        <source>Open a vault (a folder ending in .idvault)</source>
        <translation>Tresor öffnen (ein Ordner, der auf .idvault endet)</translation>
    </message>
    <message>
        <location line="+7"/>
        <source>That folder is not an Influence Desk vault (no vault.json in it).</source>
        <translation>Dieser Ordner ist kein Influence-Desk-Tresor (keine vault.json darin).</translation>
    </message>
</context>
<context>
    <name>Workspace</name>
    <message>
        <location filename="../../ui/workspace.py" line="+78"/>
        <source>&lt;b&gt;Read-only.&lt;/b&gt; You opened this vault with an auditor key: every note can be read, nothing can be changed, and identities of sources stay sealed.</source>
        <translation>&lt;b&gt;Nur lesen.&lt;/b&gt; Sie haben diesen Tresor mit einem Prüferschlüssel geöffnet: Jede Notiz ist lesbar, nichts lässt sich ändern, und die Identitäten der Quellen bleiben versiegelt.</translation>
    </message>
    <message>
        <location line="+4"/>
        <source>Read-only</source>
        <translation>Nur lesen</translation>
    </message>
    <message>
        <location line="+26"/>
        <location line="+7"/>
        <source>Notes</source>
        <translation>Notizen</translation>
    </message>
    <message>
        <location line="-6"/>
        <location line="+7"/>
        <source>Sources</source>
        <translation>Quellen</translation>
    </message>
    <message>
        <location line="-6"/>
        <source>Events &amp;&amp; organisations</source>
        <translation>Veranstaltungen &amp;&amp; Organisationen</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>History</source>
        <translation>Historie</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>People</source>
        <translation>Personen</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Names to review</source>
        <translation>Namen prüfen</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Sync</source>
        <translation>Abgleich</translation>
    </message>
    <message>
        <location line="+4"/>
        <source>Events and organisations</source>
        <translation>Veranstaltungen und Organisationen</translation>
    </message>
    <message>
        <location line="+3"/>
        <source>History of every change, and Verify</source>
        <translation>Historie jeder Änderung, und Prüfen</translation>
    </message>
    <message>
        <location line="+3"/>
        <source>People with access to this vault</source>
        <translation>Personen mit Zugang zu diesem Tresor</translation>
    </message>
    <message>
        <location line="+3"/>
        <source>Unregistered people named in notes</source>
        <translation>In Notizen genannte, nicht registrierte Personen</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>Sync with the team</source>
        <translation>Mit dem Team abgleichen</translation>
    </message>
    <message>
        <location line="+21"/>
        <source>Lock</source>
        <translation>Sperren</translation>
    </message>
    <message>
        <location line="+5"/>
        <source>Lock the vault now</source>
        <translation>Den Tresor jetzt sperren</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Lock the vault</source>
        <translation>Den Tresor sperren</translation>
    </message>
    <message>
        <location line="+9"/>
        <source>&amp;Find in notes</source>
        <translation>In Notizen &amp;suchen</translation>
    </message>
    <message>
        <location line="+4"/>
        <source>&amp;Lock</source>
        <translation>&amp;Sperren</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Lock the vault now: keys dropped, passphrase needed again</source>
        <translation>Den Tresor jetzt sperren: Schlüssel verworfen, Passphrase wieder nötig</translation>
    </message>
    <message>
        <location line="+3"/>
        <source>&amp;Close vault</source>
        <translation>Tresor s&amp;chließen</translation>
    </message>
    <message>
        <location line="+6"/>
        <source>&amp;Notes</source>
        <translation>&amp;Notizen</translation>
    </message>
    <message>
        <location line="+0"/>
        <location line="+91"/>
        <source>&amp;Sources</source>
        <translation>&amp;Quellen</translation>
    </message>
    <message>
        <location line="-91"/>
        <source>&amp;Events and organisations</source>
        <translation>&amp;Veranstaltungen und Organisationen</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>&amp;History</source>
        <translation>&amp;Historie</translation>
    </message>
    <message>
        <location line="+0"/>
        <source>&amp;People with access</source>
        <translation>&amp;Personen mit Zugang</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Names to re&amp;view</source>
        <translation>&amp;Namen prüfen</translation>
    </message>
    <message>
        <location line="+0"/>
        <source>S&amp;ync</source>
        <translation>&amp;Abgleich</translation>
    </message>
    <message>
        <location line="+4"/>
        <source>&amp;Export PDF…</source>
        <translation>PDF &amp;exportieren…</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>Export a redacted PDF summary, checked for leaks</source>
        <translation>Eine geschwärzte, auf Lecks geprüfte PDF-Zusammenfassung exportieren</translation>
    </message>
    <message>
        <location line="+3"/>
        <source>Go to notes &amp;list</source>
        <translation>Zur Notiz&amp;liste</translation>
    </message>
    <message>
        <location line="+3"/>
        <source>Go to note &amp;text</source>
        <translation>Zum Notiz&amp;text</translation>
    </message>
    <message>
        <location line="+40"/>
        <source>{} · {}</source>
        <translation>{} · {}</translation>
    </message>
    <message>
        <location line="+4"/>
        <source>Who you are in this vault, and what you may do</source>
        <translation>Wer Sie in diesem Tresor sind und was Sie dürfen</translation>
    </message>
    <message>
        <location line="+3"/>
        <source>Vault fingerprint: printed on every export, to tell vaults apart</source>
        <translation>Fingerabdruck des Tresors: steht auf jedem Export, um Tresore zu unterscheiden</translation>
    </message>
    <message>
        <location line="+18"/>
        <source>&amp;Edit</source>
        <translation>&amp;Bearbeiten</translation>
    </message>
    <message>
        <location line="+5"/>
        <source>&amp;View</source>
        <translation>&amp;Ansicht</translation>
    </message>
    <message>
        <location line="+12"/>
        <source>Vaul&amp;t</source>
        <translation>&amp;Tresor</translation>
    </message>
    <message>
        <location line="+43"/>
        <source>Vault {}</source>
        <translation>Tresor {}</translation>
    </message>
</context>
<context>
    <name>_Pane</name>
    <message>
        <location filename="../../ui/reference.py" line="-168"/>
        <source>&amp;Add…</source>
        <translation>&amp;Hinzufügen…</translation>
    </message>
    <message>
        <location line="+4"/>
        <source>&amp;Edit…</source>
        <translation>&amp;Bearbeiten…</translation>
    </message>
    <message>
        <location line="+4"/>
        <source>&amp;Merge two…</source>
        <translation>Zwei &amp;zusammenführen…</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>Select two duplicates (Ctrl+click) and merge them</source>
        <translation>Zwei Dubletten auswählen (Strg+Klick) und zusammenführen</translation>
    </message>
    <message>
        <location line="+3"/>
        <source>Show &amp;notes</source>
        <translation>&amp;Notizen zeigen</translation>
    </message>
</context>
<context>
    <name>attachments</name>
    <message>
        <location filename="../../ui/attachment_words.py" line="+86"/>
        <source>Internal</source>
        <translation>Intern</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Team</source>
        <translation>Team</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Public</source>
        <translation>Öffentlich</translation>
    </message>
    <message>
        <location line="+6"/>
        <source>Never leaves the vault</source>
        <translation>Verlässt den Tresor nie</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>May be shown in team briefs</source>
        <translation>Darf in Team-Berichten erscheinen</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>May be shown in public summaries too</source>
        <translation>Darf auch in öffentlichen Zusammenfassungen erscheinen</translation>
    </message>
    <message>
        <location line="+6"/>
        <source>Photo</source>
        <translation>Foto</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>PDF</source>
        <translation>PDF</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Audio</source>
        <translation>Audio</translation>
    </message>
</context>
<context>
    <name>checkpoint</name>
    <message>
        <location filename="../../ui/checkpoint_feedback.py" line="+46"/>
        <source>Checkpoint {0} is confirmed: entry {0} of this history is exactly the one it names.</source>
        <translation>Prüfpunkt {0} ist bestätigt: Eintrag {0} dieser Historie ist genau der, den er nennt.</translation>
    </message>
    <message>
        <location line="+3"/>
        <source>This history has {0} entries, so checkpoint {1} is unknown here: it comes from a newer copy of this vault (this one is older, or was rolled back) or from another vault.</source>
        <translation>Diese Historie hat {0} Einträge, Prüfpunkt {1} ist hier also unbekannt: Er stammt aus einer neueren Kopie dieses Tresors (diese ist älter oder wurde zurückgesetzt) oder aus einem anderen Tresor.</translation>
    </message>
    <message>
        <location line="+4"/>
        <source>No entry held here is checkpoint {0}: it comes from a copy whose changes have not reached this one yet (sync, then check again), from an older or rolled-back copy, or from another vault.</source>
        <translation>Kein hier gehaltener Eintrag ist Prüfpunkt {0}: Er stammt aus einer Kopie, deren Änderungen diese noch nicht erreicht haben (synchronisieren, dann erneut prüfen), aus einer älteren oder zurückgesetzten Kopie oder aus einem anderen Tresor.</translation>
    </message>
    <message>
        <location line="+4"/>
        <source>Checkpoint {0} is contradicted: entry {0} of this history is a different one. The history up to it was rewritten after the checkpoint was printed, or the checkpoint belongs to another vault.</source>
        <translation>Prüfpunkt {0} wird widerlegt: Eintrag {0} dieser Historie ist ein anderer. Die Historie bis dorthin wurde umgeschrieben, nachdem der Prüfpunkt gedruckt wurde, oder der Prüfpunkt gehört zu einem anderen Tresor.</translation>
    </message>
    <message>
        <location line="+4"/>
        <source>This checkpoint&apos;s hash has {0} characters; a checkpoint&apos;s hash has 64 (0-9, a-f). Compare it with the printed one.</source>
        <translation>Der Hash dieses Prüfpunkts hat {0} Zeichen; der Hash eines Prüfpunkts hat 64 (0-9, a-f). Vergleichen Sie ihn mit dem gedruckten.</translation>
    </message>
    <message>
        <location line="+4"/>
        <source>This checkpoint looks mistyped: its hash is a character or two away from entry {0}&apos;s (it has {1} characters; a checkpoint&apos;s hash has 64). Compare it with the printed one, character by character.</source>
        <translation>Dieser Prüfpunkt scheint vertippt: Sein Hash weicht um ein oder zwei Zeichen von dem des Eintrags {0} ab (er hat {1} Zeichen; der Hash eines Prüfpunkts hat 64). Vergleichen Sie ihn Zeichen für Zeichen mit dem gedruckten.</translation>
    </message>
    <message>
        <location line="+3"/>
        <source>This checkpoint looks mistyped: its hash is a character or two away from entry {0}&apos;s. Compare it with the printed one, character by character.</source>
        <translation>Dieser Prüfpunkt scheint vertippt: Sein Hash weicht um ein oder zwei Zeichen von dem des Eintrags {0} ab. Vergleichen Sie ihn Zeichen für Zeichen mit dem gedruckten.</translation>
    </message>
    <message>
        <location line="+4"/>
        <source>This checkpoint looks mistyped: its hash is entry {0}&apos;s, not entry {1}&apos;s. Check the number before the colon.</source>
        <translation>Dieser Prüfpunkt scheint vertippt: Sein Hash ist der von Eintrag {0}, nicht von Eintrag {1}. Prüfen Sie die Zahl vor dem Doppelpunkt.</translation>
    </message>
</context>
<context>
    <name>confirm</name>
    <message>
        <location filename="../../ui/confirm.py" line="+73"/>
        <source>This writes a history entry, “{}”, signed by you.</source>
        <translation>Das schreibt einen Eintrag in die Historie, „{}“, von Ihnen signiert.</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>This writes history entry {}, “{}”, signed by you; everyone who reads the history sees it.</source>
        <translation>Das schreibt Eintrag {} in die Historie, „{}“, von Ihnen signiert; alle, die die Historie lesen, sehen ihn.</translation>
    </message>
</context>
<context>
    <name>errors</name>
    <message>
        <location filename="../../ui/tasks.py" line="+29"/>
        <source>The passphrase is wrong for every key slot of this vault.</source>
        <translation>Die Passphrase passt zu keinem Schlüsselplatz dieses Tresors.</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>The vault is open elsewhere; close it there first.</source>
        <translation>Der Tresor ist anderswo geöffnet; schließen Sie ihn dort zuerst.</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Cancelled; nothing was changed.</source>
        <translation>Abgebrochen; nichts wurde geändert.</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>The disk is full; nothing was changed. Free some space and try again.</source>
        <translation>Der Datenträger ist voll; nichts wurde geändert. Schaffen Sie Platz und versuchen Sie es erneut.</translation>
    </message>
    <message>
        <location line="+3"/>
        <source>The vault is locked.</source>
        <translation>Der Tresor ist gesperrt.</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Only a lead can manage who has access to this vault.</source>
        <translation>Nur eine Leitung kann verwalten, wer Zugang zu diesem Tresor hat.</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>This vault is open read-only; auditors cannot change anything.</source>
        <translation>Dieser Tresor ist nur lesend geöffnet; Prüfer können nichts ändern.</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Only researchers and leads can see who a source really is.</source>
        <translation>Nur Recherchierende und Leitungen können sehen, wer eine Quelle wirklich ist.</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Auditors can export only the audit report.</source>
        <translation>Prüfer können nur den Prüfbericht exportieren.</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Your key slot has been removed from this vault.</source>
        <translation>Ihr Schlüsselplatz wurde aus diesem Tresor entfernt.</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>This passphrase is too easy to guess; use four or more unrelated words.</source>
        <translation>Diese Passphrase ist zu leicht zu erraten; nehmen Sie vier oder mehr Wörter, die nichts miteinander zu tun haben.</translation>
    </message>
    <message>
        <location line="+3"/>
        <source>vault.json looks hostile or damaged: its key slots together would take far too long to try.</source>
        <translation>vault.json sieht manipuliert oder beschädigt aus: Alle seine Schlüsselplätze durchzuprobieren würde viel zu lange dauern.</translation>
    </message>
    <message>
        <location line="+5"/>
        <source>vault.json looks hostile or damaged: it has more key slots than any real vault.</source>
        <translation>vault.json sieht manipuliert oder beschädigt aus: Es hat mehr Schlüsselplätze als jeder echte Tresor.</translation>
    </message>
    <message>
        <location line="+4"/>
        <source>The key slots together would make a wrong passphrase take too long to refuse; choose a shorter unlock time in the settings, or remove someone first.</source>
        <translation>Mit allen Schlüsselplätzen zusammen dauerte es zu lange, eine falsche Passphrase abzulehnen; wählen Sie in den Einstellungen eine kürzere Entsperrzeit, oder entfernen Sie zuerst jemanden.</translation>
    </message>
    <message>
        <location line="+5"/>
        <source>A label is a short name for a person, 1 to 200 characters.</source>
        <translation>Eine Bezeichnung ist ein kurzer Name für eine Person, 1 bis 200 Zeichen.</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>That would leave the vault without a lead; add another lead first.</source>
        <translation>Dann hätte der Tresor keine Leitung mehr; fügen Sie zuerst eine weitere Leitung hinzu.</translation>
    </message>
    <message>
        <location line="+3"/>
        <source>The export needs a file name, not a folder.</source>
        <translation>Der Export braucht einen Dateinamen, keinen Ordner.</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>The folder for the export does not exist.</source>
        <translation>Der Ordner für den Export existiert nicht.</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>The file name contains a source&apos;s real name or contact detail; choose another.</source>
        <translation>Der Dateiname enthält den Klarnamen oder Kontaktdaten einer Quelle; wählen Sie einen anderen.</translation>
    </message>
    <message>
        <location line="+4"/>
        <source>An event cannot end before it starts.</source>
        <translation>Eine Veranstaltung kann nicht enden, bevor sie beginnt.</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>A note needs a title.</source>
        <translation>Eine Notiz braucht einen Titel.</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>That is not your current passphrase.</source>
        <translation>Das ist nicht Ihre aktuelle Passphrase.</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>A checkpoint is written SEQ:HASH, e.g. 42:3fa4… with a 64-digit hash.</source>
        <translation>Ein Prüfpunkt wird NR:HASH geschrieben, z. B. 42:3fa4… mit einem 64-stelligen Hash.</translation>
    </message>
    <message>
        <location line="+4"/>
        <source>There is no saved search of that name.</source>
        <translation>Es gibt keine gespeicherte Suche dieses Namens.</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>A search&apos;s date range ends before it starts.</source>
        <translation>Der Zeitraum einer Suche endet, bevor er beginnt.</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>A saved search needs a name.</source>
        <translation>Eine gespeicherte Suche braucht einen Namen.</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>A saved search&apos;s name or text is too long.</source>
        <translation>Name oder Text einer gespeicherten Suche ist zu lang.</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>There is no such saved search.</source>
        <translation>Diese gespeicherte Suche gibt es nicht.</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>That note is not in the trash.</source>
        <translation>Diese Notiz ist nicht im Papierkorb.</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>That note&apos;s last version was not kept, so it cannot come back.</source>
        <translation>Die letzte Fassung dieser Notiz wurde nicht aufbewahrt, sie kann also nicht zurückkommen.</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>No note names that person as a candidate; `influence-desk names VAULT` lists them.</source>
        <translation>Keine Notiz nennt diese Person als Kandidatin; `influence-desk names VAULT` listet sie auf.</translation>
    </message>
    <message>
        <location line="+4"/>
        <source>Only a researcher or lead can review the people named in notes.</source>
        <translation>Nur Recherche und Leitung können die in Notizen genannten Personen prüfen.</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>That tag is not part of the Influence Industry vocabulary.</source>
        <translation>Dieses Schlagwort gehört nicht zum Vokabular der Influence Industry.</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>A redaction mark opened with [[ is never closed with ]].</source>
        <translation>Eine mit [[ geöffnete Schwärzungsmarke wird nie mit ]] geschlossen.</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Redaction marks cannot be nested; close the first with ]].</source>
        <translation>Schwärzungsmarken lassen sich nicht verschachteln; schließen Sie die erste mit ]].</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>A redaction mark must start with [[internal: or [[team: (write \[[ for a literal [[).</source>
        <translation>Eine Schwärzungsmarke muss mit [[internal: oder [[team: beginnen (schreiben Sie \[[ für ein wörtliches [[).</translation>
    </message>
    <message>
        <location line="+4"/>
        <source>A note mentions too many different names.</source>
        <translation>Eine Notiz nennt zu viele verschiedene Namen.</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>That attachment is already part of a source&apos;s identity.</source>
        <translation>Dieser Anhang gehört schon zur Identität einer Quelle.</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Only researchers and leads can move an attachment into a source&apos;s identity; this slot holds no identity key.</source>
        <translation>Nur Rechercheure und Leitungen können einen Anhang in die Identität einer Quelle verschieben; dieser Schlüsselplatz hat keinen Identitätsschlüssel.</translation>
    </message>
    <message>
        <location line="+6"/>
        <source>A sync folder is given as a full path.</source>
        <translation>Ein Abgleichsordner wird als vollständiger Pfad angegeben.</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>The sync folder does not exist; make it first (or let Syncthing).</source>
        <translation>Der Abgleichsordner existiert nicht; legen Sie ihn zuerst an (oder lassen Sie Syncthing das tun).</translation>
    </message>
    <message>
        <location line="+3"/>
        <source>The sync folder is a file, not a folder.</source>
        <translation>Der Abgleichsordner ist eine Datei, kein Ordner.</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>A sync folder cannot be the vault folder or inside it.</source>
        <translation>Ein Abgleichsordner kann nicht der Tresorordner sein oder darin liegen.</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>The vault is inside that folder, so a sync tool would copy its live database; choose a folder outside it.</source>
        <translation>Der Tresor liegt in diesem Ordner, ein Abgleichswerkzeug würde also seine laufende Datenbank kopieren; wählen Sie einen Ordner außerhalb.</translation>
    </message>
    <message>
        <location line="+5"/>
        <source>The sync folder cannot be written to.</source>
        <translation>In den Abgleichsordner kann nicht geschrieben werden.</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>An auditor&apos;s copy cannot sync; it is read-only.</source>
        <translation>Die Kopie einer Prüferin kann nicht abgleichen; sie ist schreibgeschützt.</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>More than one other version is open; name the version to keep.</source>
        <translation>Mehr als eine andere Version ist offen; wählen Sie die Version, die bleiben soll.</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>That version is not kept in this vault; choose another.</source>
        <translation>Diese Version ist in diesem Tresor nicht erhalten; wählen Sie eine andere.</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>Only a lead can make a replica of this vault.</source>
        <translation>Nur eine Leitung kann eine Kopie dieses Tresors machen.</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>This vault needs an upgrade before it can have replicas.</source>
        <translation>Dieser Tresor braucht erst ein Upgrade, bevor er Kopien haben kann.</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>A source cannot be merged into itself; name two different sources.</source>
        <translation>Eine Quelle kann nicht mit sich selbst zusammengeführt werden; nennen Sie zwei verschiedene Quellen.</translation>
    </message>
</context>
<context>
    <name>history</name>
    <message>
        <location filename="../../ui/history_view.py" line="-495"/>
        <source>Vault created</source>
        <translation>Tresor angelegt</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Vault settings changed</source>
        <translation>Tresoreinstellungen geändert</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Exported</source>
        <translation>Exportiert</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Vault rekeyed (new data key)</source>
        <translation>Tresor neu verschlüsselt (neuer Datenschlüssel)</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Person added</source>
        <translation>Person hinzugefügt</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Person removed</source>
        <translation>Person entfernt</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Passphrase changed</source>
        <translation>Passphrase geändert</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Note created</source>
        <translation>Notiz angelegt</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Note changed</source>
        <translation>Notiz geändert</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Note deleted</source>
        <translation>Notiz gelöscht</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Old versions re-pseudonymised</source>
        <translation>Alte Fassungen neu pseudonymisiert</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Old source versions re-pseudonymised</source>
        <translation>Alte Fassungen einer Quelle neu pseudonymisiert</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Note restored from the trash</source>
        <translation>Notiz aus dem Papierkorb wiederhergestellt</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Trash emptied</source>
        <translation>Papierkorb geleert</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Real names shown in a note</source>
        <translation>Klarnamen in einer Notiz gezeigt</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Source registered</source>
        <translation>Quelle erfasst</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Source changed</source>
        <translation>Quelle geändert</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Identity revealed</source>
        <translation>Identität aufgedeckt</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Event added</source>
        <translation>Veranstaltung hinzugefügt</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Event changed</source>
        <translation>Veranstaltung geändert</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Events merged</source>
        <translation>Veranstaltungen zusammengeführt</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Event removed</source>
        <translation>Veranstaltung entfernt</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Organisation added</source>
        <translation>Organisation hinzugefügt</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Organisation changed</source>
        <translation>Organisation geändert</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Organisations merged</source>
        <translation>Organisationen zusammengeführt</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Organisation removed</source>
        <translation>Organisation entfernt</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Source merged into another</source>
        <translation>Quelle in eine andere zusammengeführt</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Attachment added</source>
        <translation>Anhang hinzugefügt</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Attachment removed</source>
        <translation>Anhang entfernt</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Attachment&apos;s audience changed</source>
        <translation>Geändert, wer den Anhang sehen darf</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Attachment&apos;s text changed</source>
        <translation>Text des Anhangs geändert</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>History kept per copy from here on</source>
        <translation>Historie ab hier je Kopie geführt</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Copy made for another laptop</source>
        <translation>Kopie für einen anderen Laptop erstellt</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Changes from other copies taken in</source>
        <translation>Änderungen anderer Kopien übernommen</translation>
    </message>
    <message>
        <location line="+7"/>
        <source>Note moved to the trash</source>
        <translation>Notiz in den Papierkorb verschoben</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>Note restored (version of entry {})</source>
        <translation>Notiz wiederhergestellt (Fassung von Eintrag {})</translation>
    </message>
    <message>
        <location line="+20"/>
        <source>No.</source>
        <translation>Nr.</translation>
    </message>
    <message>
        <location line="+0"/>
        <source>When</source>
        <translation>Wann</translation>
    </message>
    <message>
        <location line="+0"/>
        <source>What</source>
        <translation>Was</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Who</source>
        <translation>Wer</translation>
    </message>
    <message>
        <location line="+0"/>
        <source>Of what</source>
        <translation>Woran</translation>
    </message>
    <message>
        <location line="+0"/>
        <source>On which copy</source>
        <translation>Auf welcher Kopie</translation>
    </message>
    <message>
        <location line="+87"/>
        <source>Entry hash: {}</source>
        <translation>Hash des Eintrags: {}</translation>
    </message>
    <message>
        <location line="+23"/>
        <source>unknown key {}</source>
        <translation>unbekannter Schlüssel {}</translation>
    </message>
    <message>
        <location line="+9"/>
        <source>Note “{}”, in the trash</source>
        <translation>Notiz „{}“, im Papierkorb</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>Note “{}”</source>
        <translation>Notiz „{}“</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>A note since deleted</source>
        <translation>Eine inzwischen gelöschte Notiz</translation>
    </message>
    <message>
        <location line="+5"/>
        <source>Source {}</source>
        <translation>Quelle {}</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>A source</source>
        <translation>Eine Quelle</translation>
    </message>
    <message>
        <location line="+5"/>
        <source>Event “{}”</source>
        <translation>Veranstaltung „{}“</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>An event since removed</source>
        <translation>Eine inzwischen entfernte Veranstaltung</translation>
    </message>
    <message>
        <location line="+4"/>
        <source>An organisation since removed</source>
        <translation>Eine inzwischen entfernte Organisation</translation>
    </message>
    <message>
        <location line="+4"/>
        <source>Key slot of {}</source>
        <translation>Schlüsselplatz von {}</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>A key slot</source>
        <translation>Ein Schlüsselplatz</translation>
    </message>
    <message>
        <location line="+3"/>
        <source>Export: {}</source>
        <translation>Export: {}</translation>
    </message>
    <message>
        <location line="+3"/>
        <source>Old versions of “{}”</source>
        <translation>Alte Fassungen von „{}“</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Old versions of a note</source>
        <translation>Alte Fassungen einer Notiz</translation>
    </message>
    <message>
        <location line="+3"/>
        <source>The trash</source>
        <translation>Der Papierkorb</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>Vault settings</source>
        <translation>Tresoreinstellungen</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>Every key slot</source>
        <translation>Alle Schlüsselplätze</translation>
    </message>
    <message>
        <location line="+9"/>
        <source>History verified: {} entries, every signature valid, every note, source and record exactly as the history says.</source>
        <translation>Historie geprüft: {} Einträge, jede Signatur gültig, jede Notiz, Quelle und jeder Datensatz genau so, wie die Historie sagt.</translation>
    </message>
    <message>
        <location line="+10"/>
        <source>… and {} more</source>
        <translation>… und {} weitere</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>Verification found 1 problem: something was changed outside the signed history, or the file is damaged.</source>
        <translation>Die Prüfung fand 1 Problem: Etwas wurde außerhalb der signierten Historie geändert, oder die Datei ist beschädigt.</translation>
    </message>
    <message>
        <location line="+3"/>
        <source>Verification found {} problems: something was changed outside the signed history, or the file is damaged.</source>
        <translation>Die Prüfung fand {} Probleme: Etwas wurde außerhalb der signierten Historie geändert, oder die Datei ist beschädigt.</translation>
    </message>
</context>
<context>
    <name>i18n</name>
    <message>
        <location filename="../../ui/i18n.py" line="+27"/>
        <source>System default</source>
        <translation>Systemvorgabe</translation>
    </message>
</context>
<context>
    <name>labels</name>
    <message>
        <location filename="../../ui/labels.py" line="+13"/>
        <source>Booth visit</source>
        <translation>Standbesuch</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Interview</source>
        <translation>Interview</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Observation</source>
        <translation>Beobachtung</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Desk note</source>
        <translation>Schreibtischnotiz</translation>
    </message>
    <message>
        <location line="+6"/>
        <source>Trade fair</source>
        <translation>Messe</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Conference</source>
        <translation>Konferenz</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Panel</source>
        <translation>Podium</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Scheduled interview</source>
        <translation>Vereinbartes Interview</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Chance encounter</source>
        <translation>Zufällige Begegnung</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Desk research</source>
        <translation>Schreibtischrecherche</translation>
    </message>
    <message>
        <location line="+6"/>
        <source>Data broker</source>
        <translation>Datenhändler</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Analytics / research firm</source>
        <translation>Analyse- / Forschungsfirma</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Consultancy</source>
        <translation>Beratung</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Ad / communications agency</source>
        <translation>Werbe- / Kommunikationsagentur</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>App / CRM / platform vendor</source>
        <translation>App- / CRM- / Plattformanbieter</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Political party</source>
        <translation>Politische Partei</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Other</source>
        <translation>Sonstige</translation>
    </message>
    <message>
        <location line="+6"/>
        <source>Named</source>
        <translation>Namentlich</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Anonymous quote</source>
        <translation>Anonymes Zitat</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Background only</source>
        <translation>Nur Hintergrund</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Off the record</source>
        <translation>Vertraulich</translation>
    </message>
    <message>
        <location line="+6"/>
        <source>May be named and quoted.</source>
        <translation>Darf genannt und zitiert werden.</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>May be quoted, never named: shown by pseudonym or role.</source>
        <translation>Darf zitiert, nie genannt werden: erscheint mit Pseudonym oder Rolle.</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Background only: guides research, never quoted in public.</source>
        <translation>Nur Hintergrund: leitet die Recherche, wird nie öffentlich zitiert.</translation>
    </message>
    <message>
        <location line="+3"/>
        <source>Off the record: nothing attributable leaves the vault.</source>
        <translation>Vertraulich: Nichts Zuordenbares verlässt den Tresor.</translation>
    </message>
    <message>
        <location line="+8"/>
        <source>Researcher</source>
        <translation>Recherche</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Lead</source>
        <translation>Leitung</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Auditor (read-only)</source>
        <translation>Prüfer (nur lesen)</translation>
    </message>
    <message>
        <location line="+6"/>
        <source>Team only</source>
        <translation>Nur Team</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Internal</source>
        <translation>Intern</translation>
    </message>
    <message>
        <location line="+6"/>
        <source>Marked team: appears in team briefs only, never in public exports.</source>
        <translation>Als Team markiert: erscheint nur in Team-Briefings, nie in öffentlichen Exporten.</translation>
    </message>
    <message>
        <location line="+3"/>
        <source>Marked internal: never leaves the vault.</source>
        <translation>Als intern markiert: verlässt nie den Tresor.</translation>
    </message>
    <message>
        <location line="+6"/>
        <source>E-mail address</source>
        <translation>E-Mail-Adresse</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Phone number</source>
        <translation>Telefonnummer</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>IBAN</source>
        <translation>IBAN</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Identifying number</source>
        <translation>Identifizierende Nummer</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Web address</source>
        <translation>Webadresse</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Social media handle</source>
        <translation>Social-Media-Handle</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>IP address</source>
        <translation>IP-Adresse</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Possible person name</source>
        <translation>Möglicher Personenname</translation>
    </message>
    <message>
        <location line="+14"/>
        <source>Team brief</source>
        <translation>Team-Briefing</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Public summary</source>
        <translation>Öffentliche Zusammenfassung</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Public report with text</source>
        <translation>Öffentlicher Bericht mit Text</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Audit report</source>
        <translation>Prüfbericht</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Between vaults of the team</source>
        <translation>Zwischen Tresoren des Teams</translation>
    </message>
    <message>
        <location line="+6"/>
        <source>For members of the research team only. Shows team-only passages and source pseudonyms. Do not forward or publish.</source>
        <translation>Nur für Mitglieder des Rechercheteams. Zeigt Team-Passagen und Pseudonyme der Quellen. Nicht weiterleiten oder veröffentlichen.</translation>
    </message>
    <message>
        <location line="+5"/>
        <source>Publishable text only. Sources appear by role; notes from background-only and off-the-record sources are left out.</source>
        <translation>Nur veröffentlichbarer Text. Quellen erscheinen mit ihrer Rolle; Notizen von Hintergrund- und vertraulichen Quellen werden ausgelassen.</translation>
    </message>
    <message>
        <location line="+5"/>
        <source>Publishable text in full: summaries and body text, without team-only or internal passages. Sources appear by role; notes from background-only and off-the-record sources are left out.</source>
        <translation>Veröffentlichbarer Text vollständig: Zusammenfassungen und Notiztext, ohne Passagen „Nur Team“ oder intern. Quellen erscheinen mit ihrer Rolle; Notizen von Quellen „Nur Hintergrund“ und vertraulichen Quellen werden weggelassen.</translation>
    </message>
    <message>
        <location line="+6"/>
        <source>For auditors and ethics review: vault integrity, history and consent records. Contains no note text.</source>
        <translation>Für Prüfer und Ethikprüfung: Unversehrtheit des Tresors, Historie und Einwilligungen. Enthält keinen Notiztext.</translation>
    </message>
    <message>
        <location line="+5"/>
        <source>JSON lines for another vault of the same team: internal and team-only passages travel as marks, sources as pseudonyms. Import it there; never forward it.</source>
        <translation>JSON-Zeilen für einen anderen Tresor desselben Teams: interne und Team-Passagen reisen als Markierungen mit, Quellen als Pseudonyme. Dort importieren; nie weiterleiten.</translation>
    </message>
    <message>
        <location line="+13"/>
        <source>Notes left out: linked to an off-the-record source</source>
        <translation>Ausgelassene Notizen: mit einer vertraulichen Quelle verknüpft</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Notes left out: linked to a background-only source</source>
        <translation>Ausgelassene Notizen: mit einer Hintergrundquelle verknüpft</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Passages marked internal</source>
        <translation>Als intern markierte Passagen</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Passages marked team-only</source>
        <translation>Als Team markierte Passagen</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Real names of sources found in text</source>
        <translation>Im Text gefundene Klarnamen von Quellen</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Contact details of sources found in text</source>
        <translation>Im Text gefundene Kontaktdaten von Quellen</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Detected e-mail addresses</source>
        <translation>Erkannte E-Mail-Adressen</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Detected phone numbers</source>
        <translation>Erkannte Telefonnummern</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Detected social-media handles</source>
        <translation>Erkannte Social-Media-Handles</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Detected web addresses</source>
        <translation>Erkannte Webadressen</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Detected bank account numbers (IBAN)</source>
        <translation>Erkannte Kontonummern (IBAN)</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Detected identity or card numbers</source>
        <translation>Erkannte Ausweis- oder Kartennummern</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Detected IP addresses</source>
        <translation>Erkannte IP-Adressen</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Likely names of unregistered people</source>
        <translation>Wahrscheinliche Namen nicht erfasster Personen</translation>
    </message>
</context>
<context>
    <name>main</name>
    <message>
        <location filename="../../ui/launcher.py" line="+62"/>
        <source>Influence Desk</source>
        <translation>Influence Desk</translation>
    </message>
    <message>
        <location line="+3"/>
        <source>Your vault is safe: every saved change is on disk. You can carry on.</source>
        <translation>Ihr Tresor ist sicher: Jede gespeicherte Änderung ist auf der Festplatte. Sie können weitermachen.</translation>
    </message>
</context>
<context>
    <name>removed</name>
    <message>
        <location filename="../../ui/attachment_words.py" line="-88"/>
        <source>GPS position</source>
        <translation>GPS-Position</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>camera serial</source>
        <translation>Seriennummer der Kamera</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>lens serial</source>
        <translation>Seriennummer des Objektivs</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>owner name</source>
        <translation>Name des Besitzers</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>copyright</source>
        <translation>Urheberrechtsvermerk</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>camera make and model</source>
        <translation>Kamerahersteller und -modell</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>maker notes</source>
        <translation>Herstellerdaten</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>time taken</source>
        <translation>Aufnahmezeit</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>unique image id</source>
        <translation>eindeutige Bild-ID</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>comment</source>
        <translation>Kommentar</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>description</source>
        <translation>Beschreibung</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>XMP metadata</source>
        <translation>XMP-Metadaten</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>IPTC metadata</source>
        <translation>IPTC-Metadaten</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>colour profile</source>
        <translation>Farbprofil</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>embedded thumbnail</source>
        <translation>eingebettetes Vorschaubild</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>damaged EXIF data</source>
        <translation>beschädigte EXIF-Daten</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>other frames of the animation</source>
        <translation>weitere Bilder der Animation</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>text fields</source>
        <translation>Textfelder</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>author</source>
        <translation>Autor</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>creator program</source>
        <translation>erstellendes Programm</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>producer</source>
        <translation>Hersteller-Programm</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>title</source>
        <translation>Titel</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>subject</source>
        <translation>Thema</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>keywords</source>
        <translation>Stichwörter</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>creation and change dates</source>
        <translation>Erstellungs- und Änderungsdatum</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>JavaScript</source>
        <translation>JavaScript</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>an action on opening</source>
        <translation>eine Aktion beim Öffnen</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>embedded files</source>
        <translation>eingebettete Dateien</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>form fields</source>
        <translation>Formularfelder</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>links and actions in annotations</source>
        <translation>Links und Aktionen in Anmerkungen</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>page actions</source>
        <translation>Seitenaktionen</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>application data</source>
        <translation>Anwendungsdaten</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>page thumbnails</source>
        <translation>Seitenvorschauen</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>EXIF and other data of embedded photos</source>
        <translation>EXIF- und andere Daten eingebetteter Fotos</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>other active content or metadata</source>
        <translation>weitere aktive Inhalte oder Metadaten</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>artist name</source>
        <translation>Name des Interpreten</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>place</source>
        <translation>Ort</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>recording date</source>
        <translation>Aufnahmedatum</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>embedded picture</source>
        <translation>eingebettetes Bild</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>pictures</source>
        <translation>Bilder</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>extra pictures</source>
        <translation>weitere Bilder</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>lyrics</source>
        <translation>Liedtext</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>tags</source>
        <translation>Tags</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>ID3 tag</source>
        <translation>ID3-Tag</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>ID3v1 tag</source>
        <translation>ID3v1-Tag</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>APE tag</source>
        <translation>APE-Tag</translation>
    </message>
    <message>
        <location line="+11"/>
        <source>1 other field</source>
        <translation>1 weiteres Feld</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>{} other fields</source>
        <translation>{} weitere Felder</translation>
    </message>
    <message>
        <location line="+7"/>
        <source>nothing to remove</source>
        <translation>nichts zu entfernen</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>removed: {}</source>
        <translation>entfernt: {}</translation>
    </message>
</context>
<context>
    <name>session</name>
    <message>
        <location filename="../../ui/session.py" line="+35"/>
        <source>Busy with a long task; try again in a moment.</source>
        <translation>Mit einer längeren Aufgabe beschäftigt; versuchen Sie es gleich noch einmal.</translation>
    </message>
</context>
<context>
    <name>sync</name>
    <message>
        <location filename="../../ui/sync_model.py" line="-110"/>
        <source>unknown key {}</source>
        <translation>unbekannter Schlüssel {}</translation>
    </message>
    <message>
        <location line="+9"/>
        <source>before replicas</source>
        <translation>vor den Kopien</translation>
    </message>
    <message>
        <location line="+4"/>
        <source>this copy ({})</source>
        <translation>diese Kopie ({})</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>{}’s copy ({})</source>
        <translation>Kopie von {} ({})</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>replica {}</source>
        <translation>Kopie {}</translation>
    </message>
</context>
<context>
    <name>syslock</name>
    <message>
        <location filename="../../ui/syslock.py" line="+68"/>
        <source>This system does not report screen locks or suspend to Influence Desk: lock with Ctrl+L, or rely on the idle timer.</source>
        <translation>Dieses System meldet Influence Desk weder Bildschirmsperre noch Ruhezustand: Sperren Sie mit Strg+L oder verlassen Sie sich auf die Inaktivitätssperre.</translation>
    </message>
    <message>
        <location line="+9"/>
        <source>Qt&apos;s D-Bus module is missing: the vault locks on Ctrl+L and after idle only.</source>
        <translation>Das D-Bus-Modul von Qt fehlt: Der Tresor sperrt nur mit Strg+L und nach Inaktivität.</translation>
    </message>
    <message>
        <location line="+17"/>
        <source>Locks when the screen locks and before the computer suspends.</source>
        <translation>Sperrt, wenn der Bildschirm sperrt und bevor der Computer in den Ruhezustand geht.</translation>
    </message>
    <message>
        <location line="+4"/>
        <source>Locks when the screen saver starts; suspend is not reported (no system bus).</source>
        <translation>Sperrt, wenn der Bildschirmschoner startet; der Ruhezustand wird nicht gemeldet (kein Systembus).</translation>
    </message>
    <message>
        <location line="+5"/>
        <source>No system bus here, so screen locks and suspend are not reported: the vault locks on Ctrl+L and after idle only.</source>
        <translation>Hier gibt es keinen Systembus, daher werden Bildschirmsperre und Ruhezustand nicht gemeldet: Der Tresor sperrt nur mit Strg+L und nach Inaktivität.</translation>
    </message>
</context>
<context>
    <name>tasks</name>
    <message>
        <location filename="../../ui/tasks.py" line="+13"/>
        <source>Something went wrong inside Influence Desk; nothing was lost. Try again.</source>
        <translation>In Influence Desk ist etwas schiefgegangen; nichts ging verloren. Versuchen Sie es erneut.</translation>
    </message>
</context>
<context>
    <name>team</name>
    <message>
        <location filename="../../ui/team_dialogs.py" line="-67"/>
        <source>Writes notes and registers sources; can reveal real names.</source>
        <translation>Schreibt Notizen und erfasst Quellen; kann Klarnamen aufdecken.</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Like a researcher, and manages who has access.</source>
        <translation>Wie Recherche, und verwaltet, wer Zugang hat.</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Reads pseudonymised notes and verifies history; changes nothing and never learns who a source is.</source>
        <translation>Liest pseudonymisierte Notizen und prüft die Historie; ändert nichts und erfährt nie, wer eine Quelle ist.</translation>
    </message>
</context>
<context>
    <name>theme</name>
    <message>
        <location filename="../../ui/theme.py" line="+35"/>
        <source>As the system</source>
        <translation>Wie das System</translation>
    </message>
    <message>
        <location line="+0"/>
        <source>Light</source>
        <translation>Hell</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Dark</source>
        <translation>Dunkel</translation>
    </message>
</context>
<context>
    <name>versions</name>
    <message>
        <location filename="../../ui/version_diff.py" line="-264"/>
        <source>Title</source>
        <translation>Titel</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Kind</source>
        <translation>Art</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Date and time</source>
        <translation>Datum und Uhrzeit</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Event</source>
        <translation>Veranstaltung</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Organisations</source>
        <translation>Organisationen</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Sources</source>
        <translation>Quellen</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Tags</source>
        <translation>Schlagwörter</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Summary</source>
        <translation>Zusammenfassung</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Text</source>
        <translation>Text</translation>
    </message>
    <message>
        <location line="+307"/>
        <source>unknown key {}</source>
        <translation>unbekannter Schlüssel {}</translation>
    </message>
</context>
</TS>
