"""Short survey comments, mostly Chinese, a few English, by how the customer feels."""

POSITIVE = (
    "付款很快，挺方便的",
    "扫码支付很顺畅",
    "客户经理很耐心，教会了我怎么用",
    "消费券很实惠，会继续用",
    "工资到账后直接用钱包付款，省事",
    "界面简洁，用起来不复杂",
    "比带现金方便多了",
    "转账秒到账，体验不错",
    "买菜也能用，挺好",
    "活动力度大，推荐给家人了",
    "Fast and easy to pay.",
    "Great discount, will keep using it.",
)
NEUTRAL = (
    "还行，用得不多",
    "支持的商户再多一些就好了",
    "一般，和别的支付方式差不多",
    "希望多搞点优惠活动",
    "偶尔用一下",
    "开通了，但平时还是用微信",
    "功能够用",
    "It's OK, but few shops accept it.",
)
NEGATIVE = (
    "付款失败了两次，不太放心",
    "付款后没有收到通知",
    "和其他银行的卡绑定不了",
    "担心资金安全",
    "客服电话打不通",
    "网点工作人员态度不好",
    "被要求开通的，没什么用",
    "有时候扫码没反应",
    "Payment failed at the checkout.",
    "No confirmation after paying.",
)
SENIOR_NEGATIVE = (
    "字太小，看不清",
    "操作太复杂，老年人学不会",
    "步骤太多，记不住",
    "怕点错了钱就没了",
    "希望有人一步步教",
    "密码老是忘，还得去网点",
)
