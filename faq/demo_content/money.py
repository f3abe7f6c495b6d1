# ruff: noqa: E501 - prose reads better unwrapped; Markdown joins the lines anyway
"""Demo articles about moving money: payments, incoming funds, top-ups, withdrawals and
statements. Each article is (slug, zh title, en title, zh keywords, en keywords, zh body,
en body)."""

ARTICLES = {
    "payment-failed": [
        (
            "payment-failed-what-to-check",
            "付款失败怎么办？",
            "My payment failed: what should I check?",
            "支付失败,付款不成功,交易失败,扣款失败",
            "payment declined, payment unsuccessful, transaction failed",
            """付款失败通常有以下几种原因，请按顺序检查：

1. **余额不足**：钱包余额或银行卡可用额度不够支付本次金额。
2. **银行卡信息有误**：卡号、有效期或 CVV 安全码填写错误，或银行卡已过期。
3. **网络问题**：付款过程中网络中断，页面没有收到结果。请切换到稳定的网络后重试。
4. **超出限额**：单笔或单日付款超过了限额，可在「我的 > 限额管理」查看。
5. **平台临时故障**：少数情况下是系统维护或银行通道故障，稍后重试即可。

> 如果付款失败但钱已被扣，请不要重复付款。款项一般会在 1–3 个工作日内自动退回原支付方式。

仍然无法付款时，请联系我们，并提供**交易单号**和页面上显示的**完整错误提示**（最好附上截图），这样我们能更快为您处理。""",
            """Most failed payments have one of these causes. Check them in order:

1. **Not enough balance**: your wallet balance or the card's available credit does not cover the amount.
2. **Card details wrong**: the card number, expiry date or CVV was mistyped, or the card has expired.
3. **Network problems**: the connection dropped during payment, so the result never reached the page. Try again on a stable network.
4. **Limit reached**: the payment is above your per-payment or daily limit. See *Me > Limits*.
5. **Temporary platform fault**: occasionally a bank channel or our system is under maintenance. Try again a little later.

> If the payment failed but money was taken, do not pay again. The amount normally returns to the original payment method within 1–3 business days.

If you still cannot pay, contact us with the **transaction number** and the **exact error message** shown (a screenshot helps), so we can look into it quickly.""",
        ),
        (
            "charged-but-payment-failed",
            "付款显示失败，但钱被扣了",
            "The payment failed but I was charged",
            "重复扣款,扣款未成功,退款",
            "double charge, charged twice, refund, money deducted",
            """有时银行已经扣款，但商户没有收到成功通知，页面就会显示付款失败。这种情况下：

- **不要重复付款**，以免被扣两次。
- 在「交易记录」中找到这笔交易，查看状态。显示「处理中」的交易通常会在 30 分钟内更新。
- 如果状态为「失败」，扣除的金额会自动原路退回：钱包余额即时到账，银行卡一般需要 1–3 个工作日，个别银行最长 7 个工作日。

超过上述时间仍未退回，请提交请求并附上交易单号和银行扣款记录截图。""",
            """Sometimes your bank takes the money but the merchant never receives the success notice, so the page shows the payment as failed. If this happens:

- **Do not pay again**, or you may be charged twice.
- Find the payment in *Transaction records* and check its status. Payments shown as *Processing* usually update within 30 minutes.
- If the status is *Failed*, the amount is returned automatically to where it came from: wallet balance at once, bank cards usually within 1–3 business days and at most 7 for some banks.

If the money has not come back after that, submit a request with the transaction number and a screenshot of the bank's debit.""",
        ),
        (
            "card-declined-error-codes",
            "常见付款错误提示的含义",
            "What common payment error messages mean",
            "错误代码,银行卡被拒,交易被拒绝",
            "error code, card declined, do not honour",
            """付款时看到的错误提示能帮您快速找到原因：

| 提示 | 含义与处理 |
| --- | --- |
| 余额不足 | 请先充值或换一张银行卡 |
| 卡片信息有误 | 核对卡号、有效期和 CVV |
| 交易被发卡行拒绝 | 银行出于风控拒绝了交易，请致电发卡行 |
| 超出限额 | 降低金额，或次日再试 |
| 系统繁忙 | 稍等几分钟后重试 |

如果提示不在上表中，请把完整的提示文字和交易单号发给我们。""",
            """The message you see when a payment fails points to the cause:

| Message | What it means and what to do |
| --- | --- |
| Insufficient balance | Top up first, or use another card |
| Card details incorrect | Check the card number, expiry date and CVV |
| Declined by issuer | Your bank refused it for security reasons: call your bank |
| Limit exceeded | Lower the amount, or try again tomorrow |
| System busy | Wait a few minutes and try again |

If your message is not listed, send us its exact wording with the transaction number.""",
        ),
    ],
    "funds-not-received": [
        (
            "transfer-not-received",
            "转账后对方没有收到钱",
            "I sent money but it has not arrived",
            "转账未到账,对方没收到,款项未到",
            "transfer not received, money not arrived, missing transfer",
            """请先确认转账是否成功：

1. 打开「交易记录」，找到这笔转账，确认状态为**成功**。
2. 核对收款人的账号或手机号是否填写正确。
3. 了解到账时间：钱包之间转账通常**实时到账**；转到银行卡一般 2 小时内，最长 1–2 个工作日；节假日可能顺延。

状态为「处理中」时请耐心等待。如果已超过上述时间，或状态显示成功但对方确实没有收到，请提交请求，并附上**交易记录截图**和交易单号。""",
            """First make sure the transfer succeeded:

1. Open *Transaction records*, find the transfer and check that its status is **Successful**.
2. Check that the recipient's account or phone number is correct.
3. Allow for the processing time: wallet-to-wallet transfers usually arrive **instantly**; transfers to bank cards within 2 hours and at most 1–2 business days, longer over public holidays.

If the status is *Processing*, please wait. If that time has passed, or the status is *Successful* but the recipient really has nothing, submit a request with a **screenshot of the transaction record** and the transaction number.""",
        ),
        (
            "payment-received-not-showing",
            "别人说已付款，我的余额没有变化",
            "Someone paid me but my balance has not changed",
            "收款未到账,余额没变,收不到钱",
            "payment not received, balance not updated, incoming payment",
            """请按下面的步骤排查：

- 下拉刷新钱包首页，或退出后重新登录，余额有时需要刷新才会更新。
- 在「交易记录」中筛选「收入」，查看是否有这笔款项。
- 请付款方提供交易单号，确认对方付款状态为成功、收款账号是您的账号。

如果对方付款成功超过 2 小时仍未到账，请提交请求并附上对方提供的付款凭证。""",
            """Try these steps:

- Pull down to refresh the wallet home screen, or sign out and in again: the balance sometimes needs a refresh.
- In *Transaction records*, filter by *Income* to see whether the payment is there.
- Ask the payer for the transaction number and check that their payment succeeded and went to your account.

If the payer's payment succeeded more than 2 hours ago and you still have nothing, submit a request with the payer's receipt.""",
        ),
        (
            "processing-times",
            "各类交易的到账时间",
            "How long do transactions take?",
            "到账时间,多久到账,处理时间",
            "processing time, how long, arrival time",
            """常见交易的到账时间如下：

- 钱包之间转账：实时
- 银行卡充值：实时，个别银行最长 30 分钟
- 提现到银行卡：2 小时内，最长 1–2 个工作日
- 退款：钱包余额实时；银行卡 1–3 个工作日，最长 7 个工作日

节假日和银行系统维护期间可能会有延迟。超过上述时间仍未到账，请联系我们。""",
            """Typical processing times:

- Wallet to wallet: instant
- Top-up from a bank card: instant, up to 30 minutes for some banks
- Withdrawal to a bank card: within 2 hours, at most 1–2 business days
- Refunds: to wallet balance instantly; to bank cards 1–3 business days, at most 7

Public holidays and bank maintenance can add delays. If a transaction takes longer than this, contact us.""",
        ),
    ],
    "top-up": [
        (
            "how-to-top-up",
            "如何给钱包充值？",
            "How do I top up my wallet?",
            "充值方式,怎么充钱,存钱",
            "add money, top up methods, recharge, deposit",
            """您可以通过以下方式充值：

1. **银行卡**：在「充值」页面选择已绑定的银行卡，输入金额并确认。
2. **银行转账**：向页面显示的专属账户转账，备注中填写您的钱包账号。
3. **其他钱包**：支持从合作钱包转入，按页面提示授权即可。

充值成功后余额会立即更新，您可以在「交易记录」中查看明细。""",
            """You can add money in three ways:

1. **Bank card**: on the *Top up* page choose a linked card, enter the amount and confirm.
2. **Bank transfer**: transfer to the dedicated account shown on the page, with your wallet ID in the reference.
3. **Other wallets**: move money in from a partner wallet by following the authorisation steps.

Your balance updates as soon as the top-up succeeds; the details are in *Transaction records*.""",
        ),
        (
            "top-up-limits",
            "充值限额是多少？",
            "What are the top-up limits?",
            "充值上限,单笔限额,每日限额",
            "top-up limit, maximum, daily limit",
            """充值限额取决于您的实名认证等级和银行卡所属银行：

- 未完成实名认证：每日累计 1,000 元
- 已完成实名认证：单笔 50,000 元，每日累计 100,000 元

部分银行另有自己的单笔限额，以充值页面显示为准。需要提高限额时，请先在「我的 > 实名认证」完成认证。""",
            """Top-up limits depend on your verification level and on your card's bank:

- Not verified: 1,000 in total per day
- Verified: 50,000 per top-up and 100,000 in total per day

Some banks set lower limits of their own; the *Top up* page shows the one that applies. To raise your limits, complete *Me > Identity verification* first.""",
        ),
        (
            "top-up-failed-or-delayed",
            "充值失败或充值未到账",
            "My top-up failed or has not arrived",
            "充值失败,充值不到账,充值延迟",
            "top-up failed, top-up pending, recharge not received",
            """如果充值失败：

- 检查银行卡余额是否充足，银行卡是否已过期或被冻结。
- 确认金额没有超过充值限额。
- 银行转账充值时，确认备注中填写了正确的钱包账号。

如果银行已扣款但余额没有增加，通常会在 30 分钟内自动补入；若充值失败，款项会在 1–3 个工作日内退回银行卡。超过这个时间，请提交请求并附上银行扣款记录。""",
            """If a top-up failed:

- Check that the card has enough funds and has not expired or been blocked.
- Make sure the amount is within your top-up limit.
- For bank transfers, check that the reference contains your correct wallet ID.

If your bank took the money but your balance did not grow, it is usually credited automatically within 30 minutes; if the top-up failed, the money returns to your card within 1–3 business days. After that, submit a request with the bank's debit record.""",
        ),
    ],
    "withdrawal": [
        (
            "withdrawal-fees",
            "提现手续费是多少？",
            "What are the withdrawal fees?",
            "提现费用,手续费,提现收费",
            "withdraw fee, withdrawal charge, cash out fee",
            """提现到本人银行卡的手续费如下：

- 每月前 **3 笔**提现免手续费。
- 之后每笔收取提现金额的 **0.1%**，最低 0.1 元。

手续费会在您确认提现**之前**显示在提现页面上，实际到账金额 = 提现金额 − 手续费。如果您对已收取的手续费有疑问，请联系我们并提供交易单号。""",
            """Withdrawals to your own bank card cost:

- The first **3 withdrawals** each month are free.
- After that, **0.1%** of the amount, at least 0.10.

The fee is shown on the withdrawal page **before** you confirm, and the amount you receive is the amount withdrawn minus the fee. If you have a question about a fee you were charged, contact us with the transaction number.""",
        ),
        (
            "how-to-withdraw",
            "如何提现到银行卡？",
            "How do I withdraw to my bank card?",
            "提现方式,取钱,转出到银行卡",
            "withdraw money, cash out, transfer to bank",
            """提现步骤：

1. 在钱包首页点击「提现」。
2. 选择已绑定的本人银行卡（只能提现到本人名下的银行卡）。
3. 输入金额，确认页面显示的手续费和预计到账时间。
4. 输入支付密码完成提现。

提现通常 2 小时内到账，最长 1–2 个工作日。""",
            """To withdraw:

1. Tap *Withdraw* on the wallet home screen.
2. Choose one of your linked cards (withdrawals only go to cards in your own name).
3. Enter the amount and check the fee and the expected arrival time shown.
4. Enter your payment password to confirm.

Withdrawals usually arrive within 2 hours and at most within 1–2 business days.""",
        ),
        (
            "withdrawal-failed-or-missing",
            "提现失败或提现未到账",
            "My withdrawal failed or has not arrived",
            "提现失败,提现不到账,提现被退回",
            "withdrawal failed, withdrawal missing, withdrawal returned",
            """提现失败的常见原因：

- 银行卡已注销、冻结或卡号有误；
- 持卡人姓名与钱包实名信息不一致；
- 超过单日提现限额。

提现失败后，金额和手续费会**全额退回**钱包余额。如果提现显示成功但超过 2 个工作日银行卡仍未收到，请提交请求，附上交易单号和银行流水截图。""",
            """Common reasons a withdrawal fails:

- the card was cancelled, blocked or its number is wrong;
- the cardholder's name differs from the name verified on your wallet;
- the daily withdrawal limit was exceeded.

When a withdrawal fails, the amount and the fee are **returned in full** to your wallet balance. If a withdrawal shows as successful but has not reached your card after 2 business days, submit a request with the transaction number and a screenshot of your bank statement.""",
        ),
    ],
    "transactions": [
        (
            "find-a-transaction",
            "如何查找某一笔交易？",
            "How do I find a transaction?",
            "查账,交易查询,账单明细",
            "search transactions, transaction history, find payment",
            """在「我的 > 交易记录」中可以查看所有交易：

- 用顶部的搜索框按**交易单号**、商户名称或金额查找；
- 用「筛选」按交易类型（付款、收入、充值、提现、退款）和状态查找；
- 点击任意一笔交易查看详情，包括交易单号、时间和对方信息。

联系客服时，请从详情页复制交易单号。""",
            """All your transactions are in *Me > Transaction records*:

- search by **transaction number**, merchant name or amount with the box at the top;
- use *Filter* to narrow by type (payment, income, top-up, withdrawal, refund) and status;
- tap any transaction for its details: transaction number, time and the other party.

When you contact us, copy the transaction number from the details page.""",
        ),
        (
            "filter-by-date-range",
            "按日期范围筛选交易记录",
            "Filter transactions by date range",
            "按时间查询,日期筛选,历史账单",
            "date filter, transaction history by month, past transactions",
            """在「交易记录」页面点击「筛选」，选择「日期范围」，可以选择近 7 天、近 30 天、按月份，或自定义起止日期。最多可以查询近 **3 年**的交易。

筛选结果下方会显示这段时间的收入和支出合计。""",
            """On *Transaction records*, tap *Filter* and choose *Date range*: the last 7 days, the last 30 days, a month, or your own start and end dates. You can look back up to **3 years**.

The totals of income and spending for the period appear below the results.""",
        ),
        (
            "download-statement",
            "如何下载或导出账单？",
            "How do I download or export a statement?",
            "导出账单,下载流水,电子账单,对账单",
            "export statement, download history, bank statement, csv pdf",
            """您可以导出 PDF 或 CSV 格式的账单：

1. 进入「交易记录」，点击右上角「导出账单」。
2. 选择日期范围（单次最长 12 个月）和格式。
3. 账单会在几分钟内发送到您绑定的邮箱。

为保护隐私，PDF 账单需要输入身份证号后 6 位才能打开。""",
            """You can export statements as PDF or CSV:

1. Open *Transaction records* and tap *Export* at the top right.
2. Choose the date range (up to 12 months at a time) and the format.
3. The statement arrives at your linked e-mail address within a few minutes.

To protect your privacy, the PDF opens with the last 6 digits of your ID number.""",
        ),
    ],
}
