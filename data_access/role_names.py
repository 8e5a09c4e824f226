"""The roles a viewer can hold (the values of ``viewer_roles.role``).

Apart from ``roles`` so that ``writers``, which ``write_lock`` consults, can name them
without importing the role writes that run in ``write_lock``.
"""

ADMIN = "admin"
MANAGER = "manager"
STAFF = "staff"
ROLES = (ADMIN, MANAGER, STAFF)
