"""Pages: what an analyst reads, from the published outputs.

Rule: read the processed folder (never the raw files), shape, style, chart;
no figure is computed here. ``views`` the selections and tables behind the
numbered notebooks, ``charts`` the matplotlib figures, ``workbook`` the A4
Excel export, ``export`` the nightly HTML + Excel folder.
"""
