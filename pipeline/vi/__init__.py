"""Vietnamese text in, value out: the language rules every stage shares.

Rule: pure functions on strings and numbers, no pandas frames of registers, no
files. ``text`` (NFC, folding for comparison, scrubbing), ``legacy_text``
(TCVN3 / VNI fonts), ``syllables`` (what a Vietnamese word can be),
``parsing`` (numbers such as ``3.372``, dates, categories), ``formatting``
(the one number style and the comparison phrases, for writing and for
recognising) and ``nearest`` (the closest known name, offered, never guessed).

Nothing is imported here, so ``import pipeline.vi.text`` costs only that module.
"""
