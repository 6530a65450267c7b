"""Reading: the only code that opens raw files.

Rule: files in ``data/raw/<year>/<office>/`` become sheet grids of raw cell
values (text ``'3.372'`` stays text, error cells stay errors), and nothing is
ever written back. ``files`` discovers and reads workbooks, CSV and Excel's
«Unicode Text»; ``read_ahead`` parses the next file in a thread; ``limits``
bounds the size of what is read; ``cells`` the cell values the readers hand on.

Nothing is imported here: the unchanged re-run uses discovery without pandas.
"""
