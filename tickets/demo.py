"""Demo request categories: the topics of PRODUCT.md."""

from tickets.models import Category

CATEGORIES = [
    # slug, zh name, en name, zh description, en description, priority, is_security
    ("payment-failed", "付款失败", "Payment failed",
     "付款未成功或提示错误", "A payment did not go through or showed an error", "high", False),
    ("funds-not-received", "款项未到账", "Funds not received",
     "转账或收款未到账", "A transfer or payment has not arrived", "high", False),
    ("top-up", "充值", "Top-up", "充值方式、限额、充值失败或延迟",
     "Top-up methods, limits, failed or delayed top-ups", "normal", False),
    ("withdrawal", "提现", "Withdrawal", "提现方式、手续费、到账时间、提现失败",
     "Withdrawal methods, fees, timing, failed withdrawals", "normal", False),
    ("transactions", "交易记录", "Transaction records", "查询、筛选和导出账单",
     "Find, filter and export statements", "low", False),
    ("account-info", "账户信息", "Account information", "修改手机号、邮箱、银行卡",
     "Change phone, e-mail or bank card", "normal", False),
    ("password-login", "密码与登录", "Password and login", "忘记密码、收不到验证码",
     "Forgotten password, codes not received", "normal", False),
    ("account-security", "账户安全", "Account security", "被盗、未授权交易、冻结账户",
     "Theft, unauthorised transactions, freezing the account", "urgent", True),
    ("close-account", "注销账户", "Close account", "注销条件与数据处理",
     "Conditions and what happens to your data", "low", False),
    ("complaint", "投诉与建议", "Complaints and feedback", "投诉、建议，可附截图或凭证",
     "Complaints and suggestions, with screenshots or receipts", "normal", False),
]


def load() -> None:
    for position, (slug, zh, en, desc_zh, desc_en, priority, security) in enumerate(CATEGORIES):
        Category.objects.update_or_create(
            slug=slug,
            defaults={
                "name_zh_hans": zh, "name_en": en,
                "description_zh_hans": desc_zh, "description_en": desc_en,
                "default_priority": priority, "is_security": security,
                "position": position, "is_active": True,
            },
        )
