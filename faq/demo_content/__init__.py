"""The demo knowledge base: the ten PRODUCT.md topics and their articles, in both languages.

The articles are split by topic: ``money`` (payments, transfers, top-ups, withdrawals,
statements) and ``account`` (details, login, security, closing, complaints). Each article is
(slug, zh title, en title, zh keywords, en keywords, zh body, en body).
"""

from faq.demo_content import account, money

# slug, icon, zh name, en name, zh description, en description
CATEGORIES = [
    ("payment-failed", "card", "付款失败", "Payment failed",
     "付款没有成功或提示错误时，先看这里", "What to check when a payment does not go through"),
    ("funds-not-received", "inbox", "款项未到账", "Funds not received",
     "转账或收款迟迟没有到账", "A transfer or payment has not arrived yet"),
    ("top-up", "wallet", "充值", "Top-up",
     "充值方式、限额，以及充值失败或延迟", "Ways to top up, limits, failed or delayed top-ups"),
    ("withdrawal", "bank", "提现", "Withdrawal",
     "提现方式、手续费、到账时间和提现失败", "Withdrawal methods, fees, timing and failures"),
    ("transactions", "list", "交易记录", "Transaction records",
     "查找、筛选和导出账单", "Find, filter and export your statements"),
    ("account-info", "user", "账户信息", "Account information",
     "修改手机号、邮箱和银行卡", "Change your phone number, e-mail or bank card"),
    ("password-login", "key", "密码与登录", "Password and login",
     "忘记密码、收不到或验证码过期", "Forgotten passwords and verification codes"),
    ("account-security", "shield", "账户安全", "Account security",
     "账户被盗、未授权交易、冻结账户", "Theft, unauthorised transactions, freezing your account"),
    ("close-account", "door", "注销账户", "Close account",
     "注销条件、数据处理与注意事项", "Conditions, your data, and what cannot be undone"),
    ("complaint", "chat", "投诉与建议", "Complaints and feedback",
     "提交投诉或建议，24 小时内答复", "Send a complaint or suggestion, answered within 24 hours"),
]  # fmt: skip

ARTICLES = {**money.ARTICLES, **account.ARTICLES}
