"""Writers: pure functions from selected items to bytes or text. The CLI writes what they return.

``cards`` renders an item into note fields (HTML-escaped); ``anki`` packages notes as ``.apkg`` and is the
only module that imports genanki.
"""
