"""Output of a report: the official Word layout, the 校验单 (checklist), PDF through LibreOffice.

No Qt here: the print preview and Qt's own PDF rendering live in ``reportdesk.ui.printing``
and draw the same :mod:`~reportdesk.export.layout`.
"""
