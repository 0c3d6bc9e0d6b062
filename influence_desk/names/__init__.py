"""Names as people write them (DESIGN §5a): folding, derived variants, contact notations.

``folding`` defines the one fold both registered names and text go through; ``variants``
derives the spellings a text may use for a registered identity; ``contacts`` the notations
of a phone number or an e-mail address. ``influence_desk.pseudonyms.NameMatcher`` puts
them together.
"""
