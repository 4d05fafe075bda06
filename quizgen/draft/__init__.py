"""Drafting questions from articles: rule-based, offline extractors and the drafts built from them.

The extractors (:mod:`.quotes`, :mod:`.meetings`, :mod:`.places`, :mod:`.roles`, :mod:`.dates`) read plain
article text and return relations whose spans are character offsets into that text, untouched by any
normalisation, so evidence is always a verbatim slice of the article. They use regular expressions and the
word lists in ``lexicons/`` (calendar words and abbreviations in ``quizgen/core/lexicons/``); nothing in them
names a particular article's people or places. Each rule is a registered value with its confidence and
examples (:mod:`.rules`); :mod:`.drafts` turns what the rules find into draft items.
"""
