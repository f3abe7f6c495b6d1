# ruff: noqa: E501 - prose reads better unwrapped; Markdown joins the lines anyway
"""Demo articles about the account itself: its details, signing in, security, closing it and
complaints. Each article is (slug, zh title, en title, zh keywords, en keywords, zh body,
en body)."""

ARTICLES = {
    "account-info": [
        (
            "change-phone-number",
            "如何更换绑定手机号？",
            "How do I change my phone number?",
            "换手机号,修改手机,手机号停用",
            "update phone, new mobile number, change mobile",
            """更换手机号需要二次验证：

1. 进入「我的 > 账户信息 > 手机号」。
2. 输入支付密码，并填写发送到**原手机号**的验证码。
3. 输入新手机号，并填写发送到新手机号的验证码。

如果原手机号已经停用、收不到验证码，请选择「原手机号无法使用」，通过人脸识别完成验证，或提交请求由人工审核。""",
            """Changing your phone number needs a second verification step:

1. Go to *Me > Account information > Phone number*.
2. Enter your payment password and the code sent to your **old number**.
3. Enter the new number and the code sent to it.

If the old number no longer works, choose *I can't use my old number* and verify with a face scan, or submit a request for a manual review.""",
        ),
        (
            "change-email",
            "如何修改邮箱地址？",
            "How do I change my e-mail address?",
            "更换邮箱,修改邮件地址",
            "update email, new e-mail address",
            """在「我的 > 账户信息 > 邮箱」中输入新邮箱，系统会向新邮箱发送确认链接。点击链接后修改生效，原邮箱会收到一封通知。

账单、通知和请求回复都会发送到新邮箱。""",
            """In *Me > Account information > E-mail*, enter the new address; we send a confirmation link to it. The change applies once you open the link, and your old address receives a notice.

Statements, notifications and replies to your requests then go to the new address.""",
        ),
        (
            "add-or-remove-bank-card",
            "添加或解绑银行卡",
            "Add or remove a bank card",
            "绑卡,解绑银行卡,更换银行卡",
            "link card, unlink card, change bank card",
            """**添加银行卡**：在「我的 > 银行卡」点击「添加」，输入本人名下的银行卡号和银行预留手机号，完成短信验证即可。

**解绑银行卡**：在银行卡详情页点击「解绑」，输入支付密码确认。有处理中的提现或退款时，需要等交易完成后才能解绑。

出于安全考虑，修改银行卡属于敏感操作，需要输入支付密码并完成短信验证。""",
            """**Add a card**: in *Me > Bank cards* tap *Add*, enter a card in your own name and the phone number registered with the bank, then confirm the text-message code.

**Remove a card**: open the card and tap *Remove*, then confirm with your payment password. A card with a withdrawal or refund in progress can be removed once it completes.

Changing bank cards is a sensitive change, so it always asks for your payment password and a text-message code.""",
        ),
    ],
    "password-login": [
        (
            "reset-password",
            "忘记密码怎么办？",
            "I forgot my password: how do I reset it?",
            "找回密码,重置密码,忘记登录密码,密码忘了",
            "forgot password, reset password, recover account, password reset",
            """您可以随时重置登录密码：

1. 在登录页点击「**忘记密码**」。
2. 输入注册手机号或邮箱，获取验证码（或重置链接）。
3. 填写验证码后设置新密码。新密码至少 8 位，需同时包含字母和数字。

重置成功后，其他设备上的登录会自动退出。如果您同时忘记了支付密码，请在「我的 > 安全中心 > 支付密码」中另行重置。""",
            """You can reset your sign-in password at any time:

1. On the sign-in page, tap **Forgot password**.
2. Enter your registered phone number or e-mail to receive a code (or a reset link).
3. Enter the code and choose a new password of at least 8 characters with letters and numbers.

After the reset you are signed out on your other devices. If you also forgot your payment password, reset it separately in *Me > Security > Payment password*.""",
        ),
        (
            "verification-code-not-received",
            "收不到验证码或重置链接",
            "I did not receive the verification code or reset link",
            "没有收到验证码,短信验证码,收不到短信,重置邮件",
            "code not received, sms code, no text message, reset email missing",
            """请检查：

- 手机号或邮箱是否填写正确；
- 手机信号是否正常，短信是否被安全软件拦截；
- 邮件是否进入了垃圾邮件文件夹；
- 是否在 60 秒内重复获取（频繁获取会被暂时限制）。

等待 60 秒后可重新获取。仍然收不到时，可以选择「语音验证码」，或联系我们人工协助。""",
            """Please check:

- that the phone number or e-mail address is correct;
- that your phone has signal and no security app is blocking the text message;
- your e-mail's spam or junk folder;
- that you did not request codes too often (we pause requests for a while after several).

You can request a new code after 60 seconds. If it still does not arrive, choose *Voice code*, or contact us for help.""",
        ),
        (
            "verification-code-expired",
            "验证码过期或提示错误",
            "My verification code expired or is rejected",
            "验证码失效,验证码错误,验证码过期",
            "code expired, invalid code, wrong code",
            """验证码的有效期为 **5 分钟**，且只能使用一次。每次重新获取后，之前的验证码都会失效，请使用最新收到的那一条。

连续输错 5 次后，验证会被锁定 30 分钟。请等待后再试，或联系我们。""",
            """Verification codes are valid for **5 minutes** and work only once. Each new code cancels the earlier ones, so use the latest one you received.

After 5 wrong attempts, verification is locked for 30 minutes. Wait and try again, or contact us.""",
        ),
    ],
    "account-security": [
        (
            "unauthorised-transaction",
            "发现未授权交易或账户被盗怎么办？",
            "I see a transaction I did not make",
            "盗刷,被盗,陌生交易,异常交易,账户被盗",
            "unauthorised payment, fraud, stolen account, hacked, unknown transaction",
            """这是紧急情况，请**立即**处理：

1. 在「我的 > 安全中心」点击「**冻结账户**」，冻结后账户将无法付款和提现。
2. 立即联系我们（在线客服或提交「账户安全」类请求），我们会优先处理。
3. 修改登录密码和支付密码，并检查绑定的手机号、邮箱和银行卡是否被更改。

请准备好可疑交易的交易单号和发生时间。我们绝不会索要您的密码或验证码。""",
            """This is urgent. Act **now**:

1. In *Me > Security*, tap **Freeze account**. A frozen account cannot pay or withdraw.
2. Contact us at once (live chat, or a request in the *Account security* topic): these reports go to the front of the queue.
3. Change your sign-in and payment passwords, and check that your phone number, e-mail and bank cards have not been changed.

Have the transaction numbers and times of the suspicious transactions ready. We will never ask for your password or verification codes.""",
        ),
        (
            "two-step-verification",
            "开启两步验证",
            "Turn on two-step verification",
            "二次验证,双重认证,双因素",
            "2fa, two factor authentication, second step",
            """开启两步验证后，在新设备登录或进行敏感操作时，除了密码还需要输入动态验证码，即使密码泄露，账户也能得到保护。

开启方式：「我的 > 安全中心 > 两步验证」，选择短信验证码或身份验证器应用，按提示完成设置。建议同时保存好备用恢复码。""",
            """With two-step verification on, signing in on a new device or making a sensitive change needs a one-time code as well as your password, so your account stays safe even if the password leaks.

Turn it on in *Me > Security > Two-step verification*: choose text-message codes or an authenticator app and follow the steps. Keep the backup recovery codes somewhere safe.""",
        ),
        (
            "strong-password",
            "如何设置安全的密码？",
            "How do I choose a strong password?",
            "密码安全,强密码,防止被盗",
            "secure password, password tips, account protection",
            """安全的密码应该：

- 至少 12 位，包含大小写字母、数字和符号；
- 不使用生日、手机号等容易被猜到的信息；
- 不与其他网站使用相同的密码。

请不要把密码或验证码告诉任何人，包括自称客服的人员。""",
            """A strong password:

- is at least 12 characters long and mixes upper and lower case letters, numbers and symbols;
- avoids things that are easy to guess, such as birthdays or phone numbers;
- is not used on any other site.

Never tell anyone your password or a verification code, including people who say they are support staff.""",
        ),
    ],
    "close-account": [
        (
            "how-to-close-account",
            "如何注销账户？",
            "How do I close my account?",
            "注销钱包,删除账户,销户",
            "delete account, close wallet, cancel account",
            """注销前请确认：

- 账户余额为 0（请先提现）；
- 没有处理中的交易、退款或提现；
- 没有未结束的投诉或请求。

满足条件后，在「我的 > 设置 > 注销账户」按提示完成身份验证并提交。我们会在 7 个工作日内处理完毕并通知您。""",
            """Before closing your account, make sure that:

- your balance is 0 (withdraw it first);
- no transaction, refund or withdrawal is in progress;
- no complaint or request is still open.

Then go to *Me > Settings > Close account*, verify your identity and submit. We complete it within 7 business days and let you know.""",
        ),
        (
            "what-happens-to-data",
            "注销后我的数据会怎样？",
            "What happens to my data when I close my account?",
            "注销数据,个人信息删除,隐私",
            "data deletion, personal data, privacy after closing",
            """注销后，您的个人资料会被删除或匿名化处理。依照法律规定，交易记录需要保存一定年限，仅用于监管和审计，不会用于其他用途。

注销前如需保留账单，请先导出交易记录。""",
            """After closure your personal details are deleted or anonymised. The law requires us to keep transaction records for a set number of years, for regulators and audits only.

If you want to keep your statements, export them before closing the account.""",
        ),
        (
            "closing-is-irreversible",
            "注销账户可以撤销吗？",
            "Can I undo closing my account?",
            "恢复账户,撤销注销,重新开通",
            "reopen account, undo closure, restore account",
            """注销一旦完成**不可撤销**：账户无法恢复，余额、优惠券和积分会被清空，绑定的手机号在 30 天内无法重新注册。

在提交后、处理完成前的 7 个工作日内，您可以联系我们取消注销申请。""",
            """Once completed, closing an account **cannot be undone**: the account cannot be restored, any coupons and points are lost, and the phone number cannot register again for 30 days.

Within the 7 business days between submitting and completion, you can contact us to cancel the request.""",
        ),
    ],
    "complaint": [
        (
            "how-to-complain",
            "如何提交投诉？",
            "How do I make a complaint?",
            "投诉渠道,投诉商户,投诉客服",
            "complain, complaint process, report a problem",
            """请通过「提交请求」选择「投诉与建议」类别，并尽量详细地描述：

- 发生了什么、发生的时间；
- 相关的交易单号；
- 截图、收据等凭证（可作为附件上传）。

我们承诺在 **24 小时内**给您答复；复杂的问题会持续向您更新进展，直到处理完成。""",
            """Submit a request in the *Complaints and feedback* topic and describe, as fully as you can:

- what happened and when;
- the related transaction numbers;
- screenshots, receipts or other evidence (attach them to the request).

We answer within **24 hours**; for complex cases we keep you updated until it is resolved.""",
        ),
        (
            "complaint-progress",
            "如何查看投诉处理进度？",
            "How do I follow my complaint?",
            "投诉进度,处理结果,请求状态",
            "complaint status, follow up, request progress",
            """登录后在「我的请求」中可以看到每个请求的状态和全部回复。我们每次回复也会发送邮件通知您。

如需补充材料，直接在请求页面回复即可，无需重新提交。""",
            """Sign in and open *My requests* to see each request's status and every reply. We also e-mail you each time we reply.

To add information, reply on the request page; there is no need to submit a new one.""",
        ),
        (
            "suggestions",
            "提出产品建议",
            "Suggest an improvement",
            "意见反馈,产品建议,改进",
            "feedback, feature request, idea",
            """我们很重视您的意见。您可以提交「投诉与建议」类别的请求，告诉我们哪里可以做得更好。每条建议都会由产品团队阅读，被采纳时我们会通知您。""",
            """We value your ideas. Submit a request in the *Complaints and feedback* topic to tell us what we could do better. Our product team reads every suggestion, and we will let you know if yours is taken up.""",
        ),
    ],
}
