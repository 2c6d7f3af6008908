"""Field rules: each module turns the text of one part of a section or lead into values.

Field rules see text only, never bytes or HTML, and know nothing of one another.
"""
