"""The label codes the data uses (the dashboard translates them), in a fixed order.

Arrays elsewhere hold indices into these tuples.
"""

SEGMENTS = ("young", "middle_aged", "senior", "merchant")
CHANNELS = ("outreach", "branch", "online", "referral")
LOCATION_TYPES = ("community", "merchant", "enterprise_payroll", "rural")
COMPLAINT_CATEGORIES = (
    "security",
    "failed_payment",
    "missing_confirmation",
    "compatibility",
    "too_hard_for_seniors",
    "service_attitude",
)
OWN_PROVIDER = "Our wallet"
PROVIDERS = (OWN_PROVIDER, "Alipay", "WeChat Pay", "UnionPay QuickPass", "Cards & cash")

YOUNG, MIDDLE_AGED, SENIOR, MERCHANT = range(4)
OUTREACH, BRANCH, ONLINE, REFERRAL = range(4)
COMMUNITY, MERCHANT_SITE, PAYROLL, RURAL = range(4)
NEVER, CASUAL, HOOKED = range(3)
"""How a user takes to the wallet: never uses it, tries it and drifts away, or keeps using it."""
