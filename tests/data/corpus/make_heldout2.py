#!/usr/bin/python3
"""Build and validate heldout2.jsonl, a second blind held-out corpus.

Every message below was written by hand for this file, without looking at the
scanner's rules, detectors or the other corpora. Only the rumour and secret
categories are covered, plus hard negatives (clean near-misses) for both.

    /usr/bin/python3 tests/data/corpus/make_heldout2.py          # write + validate
    /usr/bin/python3 tests/data/corpus/make_heldout2.py --check  # validate only
"""

import json
import os
import re
import sys

HERE = os.path.dirname(os.path.abspath(__file__))
OUT = os.path.join(HERE, "heldout2.jsonl")

ZW = "\u200b"  # zero-width space, written to the JSONL as the real character

# kind/audience shorthands
I = ("chat", "internal")
E = ("chat", "external")
M = ("moment", "public")

# (text, audience, disguised)
RUMOUR = [
    ("紧急扩散！明天起全市地铁停运三天，看到的赶紧发给家人朋友，别说我没提醒。", I, False),
    ("【国家电网通知】今晚十点到明早六点全区断电检修，请立即转发到所有群，不转的后果自负。", I, False),
    ("速看，马上就删！内部人士透露下周银行要冻结所有个人存款，快告诉身边的人。", E, False),
    ("我表哥在人社局上班，他说养老金下个月起停发，大家赶紧转出去让更多人知道！", I, False),
    ("收到请转发十个群，转满了系统会自动给你的微信充话费，我朋友已经到账了。", E, False),
    ("刚从领导那儿听来的，集团要把我们事业部整体卖给星澜科技，先别问，往各个群里传一下。", I, False),
    ("【人力资源部紧急通知】因疫情复发，全体员工明天起居家隔离，各部门负责人务必转发至所有客户群。", I, False),
    ("别不信，微信从下个月开始按条收费，每条一毛钱，把这条转给二十个好友就能继续免费。", I, False),
    ("这条很快会被屏蔽，趁还在赶紧保存转发：禾乳坊酸奶里查出了致癌物，家里有的马上扔掉。", M, False),
    ("内部消息，保真：周五开始全员降薪，赶快在大群里提醒一下大家做好准备，晚了就来不及了。", I, False),
    ("【市公安局提醒】这两天有人冒充燃气公司上门抢劫，已经出了三起命案，请马上转发给家里老人！", E, False),
    ("群里都在传老板卷款跑路了，财务已经联系不上，大家赶紧把消息扩散出去早做打算。", I, False),
    ("看完必须转，不转不是自己人：明天早上食堂的菜用的全是地沟油，千万别去吃。", I, False),
    ("支付平台官方通知：把这条消息转发到三个群，截图发给客服就能领八十八元红包，今天截止。", E, False),
    ("接到上级口头通知，下周一起全省高速免费放行一个月，消息保真，麻烦各位帮忙传一下。", E, False),
    ("Urgent!! 明天开始所有外卖平台停止配送，赶紧囤货，记得 forward 给你的同事们。", I, False),
    ("别问我从哪知道的，合作方锐恒物流马上要破产了，快让销售那边的人都知道，一传十十传百。", I, False),
    ("【教育局紧急通知】全市中小学明天起提前放寒假，请家长互相转告，务必扩散到每个家长群。", E, False),
    ("十万火急！这个牌子的充电宝会爆炸，已经烧死好几个人了，看到的请立刻转给所有亲人。", M, False),
    ("据可靠内线：下个月起公司取消年终奖，HR还没公布，大家先传开，人多了才好去谈。", I, False),
    ("刚看到一个视频说喝隔夜茶会得癌症，医生朋友也证实了，赶紧转给爸妈看！", M, False),
    ("【微信团队公告】因系统升级，今晚未转发此消息的账号将被封停，请立即转发给所有好友。", E, False),
    ("震惊！明天早上八点有七级地震，地震局内部人员透露的，请大家相互转告提前撤离。", M, False),
    ("速转！这周末有人在商场门口用针扎人传播病毒，我同学的朋友就中招了，让家里人都别去。", I, False),
    ("我在总部的朋友说下季度要砍掉整个华南区，名单都定了，你们赶紧把话传给华南的兄弟们。", I, False),
    ("每个人都要看！收到后一小时内转给十五个人，你的愿望就会实现，不转会倒霉七年。", I, False),
    ("听内部人说蓝湾小区的水被污染了，千万别喝自来水，赶紧发到业主群里让大家都知道。", E, False),
    # disguised
    ("緊急擴散！明天起全市停水三天，看到的趕緊轉發給所有親友，晚了就來不及了。", E, True),
    ("【紧急通知】明天８点起全区封路，请务必ｚｈｕａｎｆａ到每个群，不转者后果自负。", I, True),
    ("紧" + ZW + "急" + ZW + "扩" + ZW + "散：超市的鸡蛋都是人造的，已经有人吃出问题，快转" + ZW + "发给家人。", M, True),
    ("速 看 ， 即 将 删 除 ！公司下周要裁掉一半的人，快 转 发 给 同 事 们。", I, True),
    ("zhuan fa kuai dian！内部人透露下周开始打卡要人脸加指纹，不打就算旷工，大家kuosan一下。", I, True),
    ("jjks！银行系统明天要升级，存款会被清零，看到的zf给家里所有人。", E, True),
    ("紧鸡扩散！听内部的盆友说下月油价要翻倍，赶紧专发给身边的人让他们去加油。", E, True),
    ("转*发*扩*散：自来水公司说明天全城停水，这是内部消息，快传给你认识的每个人。", E, True),
    ("內部消息，千萬別外傳……算了還是傳吧：總部下月要搬到郊區，大家互相轉告，越多人知道越好。", I, True),
    ("诉看！即将珊除！某品牌奶粉被查出问题，已有宝宝住院，赶紧转给有娃的朋友。", M, True),
    ("紧-急-通-知：本市今晚零点起实行交通管制，私家车一律不准上路，请转-发-扩-散。", E, True),
    ("ＦＷＤ ＴＯ ＡＬＬ：内部可靠消息，公司要被收购，所有人的合同都要重签，快告诉你的组员。", I, True),
    ("【国务院通知】下月起全国统一上调个税起征点，请大家相互转" + ZW + "告，务必扩" + ZW + "散到每个群。", E, True),
]

SECRET = [
    ("【绝密】今年第三季度营收是4.37亿，还没对外公布，你先心里有数，别往外说。", I, False),
    ("给你透个底，这次给华晟集团的投标底价是每台2.15万，低于这个数就别签了。", I, False),
    ("这是内部报价单：A款标准版单价860元，B款旗舰版1280元，返点给到8%，你先过一遍。", I, False),
    ("跟云栖医药的合同金额定在1340万，分三期付款，先别跟其他供应商说。", I, False),
    ("客户名单我拍下来了：鼎元物业王经理、安澜酒店李总、北辰商贸赵总，都是今年的重点客户，你拿去跟进。", I, False),
    ("市场部的薪资表发你了，张弛月薪32k，刘曼28k，新来的那个实习生是6k。", I, False),
    ("贴一段风控模型的源码给你参考：if score < 620 and overdue_days > 30: reject()，阈值是我们内部调出来的。", E, False),
    ("下一代手表的设计图我先发你一张，屏幕是1.6寸圆屏，表冠在右侧，十月发布会之前不能露出去。", E, False),
    ("董事会昨天的决议：明年关停武汉工厂，生产线整体迁到越南，正式公告要下个月才发。", I, False),
    ("产品路线图给你截了一部分：Q2上线离线地图，Q3做车机版，Q4接入语音助手，这个还没对外讲。", E, False),
    ("内部资料，请勿外传：第二季度各大区销售额，华东2.8亿，华南1.9亿，西北只有4600万。", I, False),
    ("这份标着“机密”的并购方案我转给你了，收购价是每股18.6元，你晚上回去看看。", I, False),
    ("悄悄跟你说，年终奖系数定了：A档4个月，B档2.5个月，C档没有，HR下周才会公布。", I, False),
    ("给德润的报价不能低于每吨4300，这是老板定的底线，你谈的时候心里有数。", I, False),
    ("Our Q4 gross margin is 23.5%, not public yet，先给你看一下，投资人那边还不知道。", E, False),
    ("把我们跟星图传媒签的框架协议内容发你：年框金额680万，返点12%，排他期两年。", E, False),
    ("新版APP的交互稿全在这几张截图里了，登录页和支付流程都改了，还没评审，别给外包那边看。", E, False),
    ("这是下季度的定价策略，标了内部机密：基础版涨到每月199，企业版打七折锁定老客户。", I, False),
    ("研发部的职级和期权我整理好了：P7五个人各两万股，P6十二个人各八千股，你参考一下。", I, False),
    ("芯片良率测试结果还没公开：28纳米那条线只有71%，目标是90%，别让客户知道。", I, False),
    ("核心推荐算法的思路发你：先对用户画像做聚类，再用我们自己训练的权重表打分，这部分专利还没申请。", E, False),
    ("竞标的技术方案和报价都在这儿：总价596万，含三年维保，硬件占四成，你对一下有没有问题。", I, False),
    ("融资的事还没公开，估值谈到了12亿，领投方是远峰资本，交割前先别声张。", E, False),
    ("把仓库的大客户清单发你：宏泰建材年采购950万，海川食品620万，明禾超市410万，你先联系前两家。", I, False),
    ("内部定价，勿外传：经销商拿货价是零售价的五五折，特约店可以再降三个点。", E, False),
    ("绝密：新品代号“青岚”，电池容量5200毫安，定价2999，发布会定在九月十二号。", M, False),
    ("高管薪酬方案草案发你看一下：CEO年薪360万，CFO年薪210万，还没过董事会。", I, False),
    # disguised
    ("這是標了機密的報價單，底價每套三萬八，給你先看，別傳出去。", I, True),
    ("ＣＯＮＦＩＤＥＮＴＩＡＬ：下季度营收预测９．６亿，还没公布，先给你参考。", E, True),
    ("机" + ZW + "密文件：今年的调薪比例是平均6%，技术岗8%，职能岗只有3%，你先看看心里有个底。", I, True),
    ("内 部 报 价：给恒远的单价压到每件 42 元，这是 底 价，不能再低了。", I, True),
    ("zhe shi jimi wenjian：跟澜庭酒店的合同总额是四百二十万，付款周期九十天。", E, True),
    ("jm资料，新项目预算批了三千五百万，董事会刚定的，先别跟组里说。", I, True),
    ("鸡密文件给你看下：明年要关掉两个门店，名单是滨江店和西湖店，三月份动手。", I, True),
    ("机*密*报*价：这单给到客户的底-价是每平米1850，低于这个就是亏本。", E, True),
    ("把風控系統的原始碼發你一段，裡面有我們的評分閾值和權重，千萬別給外人看。", E, True),
    ("工资表截图：王磊月薪２５０００，陈静２２０００，赵峰１８５００，你核对一下。", I, True),
    ("xz表我偷偷拍给你了，你们组的人普遍比隔壁低两千，组长是四万五，别说是我给的。", I, True),
    ("未-公-开的财报数据：净利润下滑了百分之十七，下周二才发公告，你自己知道就好。", E, True),
    ("这个抵价只给你一个人：每台设备一万二，跟奥森科技谈的时候别透露是我说的。", E, True),
]

CLEAN = [
    # near-misses for rumour
    ("转发一下行政部的通知，下周三上午十点做消防演练，请大家准时到楼下集合。", I),
    ("听说新来的产品经理以前是做教育产品的，有机会可以找她聊聊。", I),
    ("群里传的那个停水消息是假的，我问过物业了，大家别再转了。", E),
    ("有人知道“明天全市停电”的说法是真的吗？我没看到官方公告。", I),
    ("紧急通知：因台风影响，明天全天居家办公，具体安排见部门邮件。", I),
    ("公司公众号发了年会安排，时间定在一月十八号，感兴趣的可以去看看。", I),
    ("这个截图我转发给你，是昨天培训课的白板笔记，你对一下有没有漏的。", I),
    ("听说楼下新开了一家面馆，中午要不要一起去试试？", I),
    ("网上那篇说我们公司要倒闭的文章是谣言，法务已经在处理了，请大家不要传播。", I),
    ("辟谣：关于年终奖取消的说法不属实，以人力资源部的正式通知为准。", I),
    ("大家收到那种“不转发就封号”的消息直接忽略就好，都是骗人的。", E),
    ("帮忙转发一下我们部门的招聘需求：招两名前端开发，有兴趣的同学可以找我内推。", I),
    ("我也听说了，但没确认过，等正式公告出来再说吧。", I),
    ("行政通知：本周五下午空调系统检修，二楼会议室暂停使用。", I),
    ("这种链式消息我见过好几个版本，每次都说马上删除，其实从来没删过。", E),
    ("请问一下，网传的高速免费延长一个月是真的吗？交通局的公告里好像没写。", E),
    ("转发给你看看，这是市场部整理的公开行业报告摘要，挺有参考价值。", I),
    ("通知：下周一起园区班车调整发车时间，早班改为七点五十，请相互告知。", I),
    ("我妈又在家族群里转养生谣言了，周末得回家跟她好好聊聊。", I),
    ("听说你下个月要调去上海？恭喜啊，走之前一起吃个饭。", I),
    ("紧急：三号会议室的投影坏了，下午的评审改到五号会议室。", I),
    ("有同事在传食堂要涨价，我问了行政，说目前没有调整计划。", I),
    ("大家不要转发未经核实的疫情信息，有疑问请以卫健委发布的为准。", M),
    ("刚转发到群里的是工会的春游报名表，周四前填好就行。", I),
    ("听客户说他们那边下个月有个展会，我们可以考虑去看看。", E),
    ("这个所谓的“内部消息”连发布单位都没写，一看就不靠谱，别信。", I),
    ("好消息：朗程科技与我们公司正式签署战略合作协议，感谢双方团队的努力。", M),
    ("我转发的是昨天的培训录屏，没参加的同事可以补看。", I),
    ("朋友圈那个说某超市鸡蛋是假的视频，已经被市场监管部门辟谣了。", M),
    ("听说这次团建去千岛湖，有人知道具体几号出发吗？", I),
    ("IT部通知：本周六晚上系统例行维护，期间内网可能无法访问。", I),
    ("别慌，所谓“全员降薪”只是有人瞎猜的，领导在周会上已经澄清了。", I),
    ("转发一篇关于职场沟通的文章，写得挺实在的，有空看看。", I),
    ("春节放假安排已经发在OA上了，大家按时提交请假申请。", I),
    ("有人说我们要搬办公室，是真的吗？还是只是传言？", I),
    ("FYI 转发一下客户发来的感谢信，项目组辛苦了！", I),
    ("谣言止于智者，遇到拿不准的消息先核实，再决定要不要分享。", M),
    ("听领导说明天的例会取消了，大家可以自己安排时间。", I),
    ("收到，我已经把会议纪要转发给没来的同事了。", I),
    ("安全提示：这两天有人冒充领导加好友借钱，请大家提高警惕，遇到先电话核实。", I),
    # near-misses for secret
    ("新员工入职的NDA都收齐了吗？还差谁没签？", I),
    ("请大家注意，项目资料只能通过公司网盘传，不要用微信发文件。", I),
    ("报价我们这边还在核算，明天上午给您发正式的报价函。", E),
    ("季度财报会在下周四正式发布，到时候公司官网可以查到。", E),
    ("这个文件是不是涉密的？我不太确定能不能在这里发，先问一下你。", I),
    ("客户问能不能给底价，我说需要走审批流程，你看这样回复可以吗？", I),
    ("我们产品的公开售价是每年980元，宣传册上也写着。", E),
    ("机密等级划分的培训明天下午两点开始，记得带电脑。", I),
    ("内部培训的签到表放在前台，今天下班前去签一下。", I),
    ("薪资的问题建议直接找HR单独沟通，不方便在群里讨论。", I),
    ("源代码请统一提交到公司的代码仓库，不要私下拷贝或者发给别人。", I),
    ("设计稿还没定稿，等评审通过后我走正式渠道发给你们。", E),
    ("合同金额这类信息请走公司的加密通道，别在微信里说。", I),
    ("我想把项目介绍的PPT给客户看，需要先找谁审批？", I),
    ("这次招标的结果以官方公示为准，公示期七天。", E),
    ("年度调薪方案还在讨论中，确定后HR会统一通知，大家耐心等等。", I),
    ("客户名单属于公司资产，离职时请务必交接清楚。", I),
    ("提醒一下：周末和下班时间不要在群里讨论项目细节。", I),
    ("这个内部群是给项目组日常沟通用的，外部合作方请拉到另一个群。", I),
    ("我们的保密制度今年有更新，大家抽空看一下新版条款。", I),
    ("产品路线图会在下个月的开发者大会上公布，到时候再跟客户详细介绍。", E),
    ("他们公司的年报是公开的，营收数据在交易所公告里都能查到。", I),
    ("请问机密文件的打印要走哪个审批？我在OA里找不到入口。", I),
    ("董事会决议出来以后会发正式公告，现在还不能说，抱歉。", E),
    ("涉及价格的问题我需要请示一下领导，稍后回复您。", E),
    ("我们的标准价目表已经更新，门店和宣传册上都能看到。", M),
    ("别在电梯里聊客户的事，大家注意一下保密意识。", I),
    ("保密柜的钥匙放在行政那里，需要的话去登记领取。", I),
    ("刚参加了信息安全培训，原来截图外传也算泄密，以后得注意。", I),
    ("Hi, could you send the NDA draft through the legal system? 我这边签完再回传。", E),
    ("合同已经签了，具体金额按公司规定不方便透露，请理解。", E),
    ("这个数据是去年年报里已经公开的，可以放进宣传材料。", I),
    ("含有客户信息的聊天记录请及时清理，按制度保存在公司系统里。", I),
    ("我们开源版本的代码是公开的，社区里谁都可以看。", E),
    ("新品的任何信息都等发布会后再对外说，大家先别发朋友圈。", I),
    ("供应商问我们的预算，我说这个属于内部信息，不能提供。", I),
    ("内部推荐奖励政策出来了吗？我有个朋友想投简历。", I),
    ("工资条每个月会单独发给个人，大家不要互相打听。", I),
    ("这份方案可以外发吗？上面没有标密级，但我还是想确认一下。", I),
    ("公开课的讲义可以随便转，里面没有任何内部资料。", M),
]

FIELDS = ["id", "text", "kind", "audience", "labels", "disguised"]
VALID_AUDIENCE = {("chat", "internal"), ("chat", "external"), ("moment", "public")}


def build():
    rows = []
    for cat, items in (("rumour", RUMOUR), ("secret", SECRET)):
        for n, (text, (kind, aud), disg) in enumerate(items, 1):
            rows.append({"id": "h2-%s-%02d" % (cat, n), "text": text, "kind": kind,
                         "audience": aud, "labels": [cat], "disguised": disg})
    for n, (text, (kind, aud)) in enumerate(CLEAN, 1):
        rows.append({"id": "h2-clean-%03d" % n, "text": text, "kind": kind,
                     "audience": aud, "labels": [], "disguised": False})
    return rows


def write(rows):
    with open(OUT, "w", encoding="utf-8", newline="\n") as f:
        for r in rows:
            f.write(json.dumps(r, ensure_ascii=False) + "\n")


EMAIL = re.compile(r"[A-Za-z0-9._%+-]+@[A-Za-z0-9.-]+\.[A-Za-z]{2,}")
DIGITS = re.compile(r"[0-9\uff10-\uff19]{7,}")
ID_RE = {"rumour": re.compile(r"^h2-rumour-\d\d$"),
         "secret": re.compile(r"^h2-secret-\d\d$"),
         None: re.compile(r"^h2-clean-\d\d\d$")}


def check():
    errors = []
    if not os.path.exists(OUT):
        return ["%s does not exist" % OUT]
    with open(OUT, "rb") as f:
        raw = f.read()
    try:
        content = raw.decode("utf-8")
    except UnicodeDecodeError as e:
        return ["not valid UTF-8: %s" % e]
    if not content.endswith("\n"):
        errors.append("file does not end with a newline")
    ids, texts = set(), set()
    counts = {"rumour": 0, "secret": 0, None: 0}
    disg = {"rumour": 0, "secret": 0}
    for ln, line in enumerate(content.split("\n")[:-1], 1):
        where = "line %d" % ln
        try:
            r = json.loads(line)
        except ValueError as e:
            errors.append("%s: invalid JSON (%s)" % (where, e))
            continue
        if not isinstance(r, dict) or list(r.keys()) != FIELDS:
            errors.append("%s: fields must be exactly %s" % (where, FIELDS))
            continue
        where = "%s (%s)" % (where, r["id"])
        text, labels = r["text"], r["labels"]
        if not isinstance(r["id"], str) or not isinstance(text, str):
            errors.append("%s: id and text must be strings" % where)
            continue
        if r["id"] in ids:
            errors.append("%s: duplicate id" % where)
        ids.add(r["id"])
        if text in texts:
            errors.append("%s: duplicate text" % where)
        texts.add(text)
        if not 10 <= len(text) <= 120:
            errors.append("%s: text length %d outside 10-120" % (where, len(text)))
        if (r["kind"], r["audience"]) not in VALID_AUDIENCE:
            errors.append("%s: bad kind/audience %r/%r" % (where, r["kind"], r["audience"]))
        if not isinstance(r["disguised"], bool):
            errors.append("%s: disguised must be true/false" % where)
        if not isinstance(labels, list) or len(labels) > 1 or \
                any(l not in ("rumour", "secret") for l in labels):
            errors.append("%s: labels must be [], [\"rumour\"] or [\"secret\"]" % where)
            continue
        cat = labels[0] if labels else None
        if not ID_RE[cat].match(r["id"]):
            errors.append("%s: id does not match labels %r" % (where, labels))
        counts[cat] += 1
        if cat is None and r["disguised"]:
            errors.append("%s: clean message marked disguised" % where)
        if cat and r["disguised"] is True:
            disg[cat] += 1
        if EMAIL.search(text):
            errors.append("%s: contains an e-mail address" % where)
        if "http" in text.lower():
            errors.append("%s: contains 'http'" % where)
        if "www." in text.lower():
            errors.append("%s: contains 'www.'" % where)
        if DIGITS.search(text):
            errors.append("%s: contains a run of 7 or more digits" % where)
    want = {"rumour": 40, "secret": 40, None: 80}
    for cat, n in want.items():
        if counts[cat] != n:
            errors.append("expected %d %s messages, found %d" % (n, cat or "clean", counts[cat]))
    for cat in ("rumour", "secret"):
        if counts[cat]:
            share = disg[cat] / counts[cat]
            if not 0.30 <= share <= 0.40:
                errors.append("%s: %d of %d disguised (%.0f%%), want 30-40%%"
                              % (cat, disg[cat], counts[cat], share * 100))
    return errors


def main():
    args = sys.argv[1:]
    if args not in ([], ["--check"]):
        sys.exit("usage: make_heldout2.py [--check]")
    if not args:
        write(build())
    errors = check()
    if errors:
        for e in errors:
            print("heldout2.jsonl: " + e, file=sys.stderr)
        sys.exit("heldout2.jsonl: %d problem(s) found" % len(errors))
    print("heldout2.jsonl OK: 40 rumour, 40 secret, 80 clean")


if __name__ == "__main__":
    main()
