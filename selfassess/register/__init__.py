"""The register's pages: the register, a recommendation, the plan of action, progress
reports (``register``), editing (``register_edit``), bodies and publishing
(``register_admin``) and the public accountability page (``accountability``)."""
