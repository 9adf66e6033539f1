#!/usr/bin/python3
"""Build and validate heldout.jsonl, a held-out test corpus for chatscan.

Written blind to chatscan's rules and to labelled.jsonl: every message text
was written for this file. The generator only fills in random-looking values
(numbers, passwords, codes, keys, e-mails) and the disguised number forms.

    /usr/bin/python3 tests/data/corpus/make_heldout.py          # regenerate + validate
    /usr/bin/python3 tests/data/corpus/make_heldout.py --check  # validate only

Deterministic: seed 20250117.
"""
import datetime
import hashlib
import json
import os
import random
import re
import string
import sys

SEED = 20250117
HERE = os.path.dirname(os.path.abspath(__file__))
OUT = os.path.join(HERE, "heldout.jsonl")
CATEGORIES = ["abuse", "rumour", "secret", "credential", "privacy", "exaggeration", "link"]
KA = {"i": ("chat", "internal"), "e": ("chat", "external"), "m": ("moment", "public")}
ZW = "\u200b"
ZWJ = "\u200d"

# ---------------------------------------------------------------- numbers

PHONE_PREFIXES = (
    ["13" + d for d in "0123456789"]
    + ["14" + d for d in "56789"]
    + ["15" + d for d in "012356789"]
    + ["16" + d for d in "2567"]
    + ["17" + d for d in "012345678"]
    + ["18" + d for d in "0123456789"]
    + ["19" + d for d in "012356789"]
)
BAD_PHONE_PREFIXES = ["100", "104", "110", "120", "127", "154", "160", "161", "164", "168", "179", "194"]
IOT_PREFIXES = ["140", "141", "144"]
# real county-level area codes
REGIONS = ["110105", "310115", "440106", "330106", "510107", "420111", "320102",
           "370202", "610113", "500103", "350203", "430104", "210102", "340104"]
ID_WEIGHTS = [7, 9, 10, 5, 8, 4, 2, 1, 6, 3, 7, 9, 10, 5, 8, 4, 2]
ID_CHECK = "10X98765432"
CARD_BINS = ["622202", "622848", "621700", "622588", "621483", "622700", "623668", "621226"]
CN_DIGITS = "零一二三四五六七八九"


def id_check(first17):
    return ID_CHECK[sum(int(c) * w for c, w in zip(first17, ID_WEIGHTS)) % 11]


def luhn_ok(s):
    total = 0
    for i, c in enumerate(reversed(s)):
        d = int(c)
        if i % 2 == 1:
            d *= 2
            if d > 9:
                d -= 9
        total += d
    return total % 10 == 0


def luhn_digit(partial):
    for d in "0123456789":
        if luhn_ok(partial + d):
            return d
    raise AssertionError


def phone_ok(s):
    return len(s) == 11 and s.isdigit() and s[:3] in PHONE_PREFIXES


def id_ok(s):
    if len(s) != 18 or not s[:17].isdigit() or s[17] not in "0123456789X":
        return False
    try:
        born = datetime.date(int(s[6:10]), int(s[10:12]), int(s[12:14]))
    except ValueError:
        return False
    if not datetime.date(1950, 1, 1) <= born <= datetime.date(2005, 12, 31):
        return False
    return id_check(s[:17]) == s[17]


def card_ok(s):
    return 16 <= len(s) <= 19 and s.isdigit() and luhn_ok(s)


def any_valid(s):
    return phone_ok(s) or id_ok(s) or card_ok(s)


class Gen:
    def __init__(self, rng):
        self.r = rng

    def digits(self, n, first="0123456789"):
        return self.r.choice(first) + "".join(self.r.choice(string.digits) for _ in range(n - 1))

    def alnum(self, n, alphabet=string.ascii_letters + string.digits):
        return "".join(self.r.choice(alphabet) for _ in range(n))

    # valid personal numbers
    def phone(self):
        return self.r.choice(PHONE_PREFIXES) + self.digits(8)

    def id(self, sex=None):
        born = datetime.date(1962, 1, 1) + datetime.timedelta(days=self.r.randrange(0, 40 * 365))
        odd = {"m": "13579", "f": "02468"}.get(sex, "0123456789")
        first = self.r.choice(REGIONS) + born.strftime("%Y%m%d") + self.digits(2) + self.r.choice(odd)
        return first + id_check(first)

    def card(self):
        n = self.r.choice([16, 16, 19, 19, 17])
        part = self.r.choice(CARD_BINS) + self.digits(n - 7)
        return part + luhn_digit(part)

    def email(self, name=None):
        if name is None:
            return self.digits(self.r.choice([9, 10]), "23456789") + "@qq.com"
        dom = self.r.choice(["163.com", "126.com", "foxmail.com", "sina.com", "gmail.com", "hotmail.com"])
        local = name + self.r.choice(["", "_", ""]) + self.r.choice(["19" + self.digits(2, "6789"), self.digits(2)])
        return local + "@" + dom

    # disguised forms
    def phone_sp(self):
        p = self.phone()
        return "%s %s %s" % (p[:3], p[3:7], p[7:])

    def phone_dash(self):
        p = self.phone()
        return "%s-%s-%s" % (p[:3], p[3:7], p[7:])

    def phone_cn(self):
        return "".join(CN_DIGITS[int(c)] for c in self.phone())

    def phone_fw(self):
        return fullwidth(self.phone())

    def phone_zw(self):
        p = self.phone()
        return p[:3] + ZW + p[3:7] + ZW + p[7:]

    def id_sp(self, sex=None):
        s = self.id(sex)
        return "%s %s %s" % (s[:6], s[6:14], s[14:])

    def id_dash(self, sex=None):
        s = self.id(sex)
        return "%s-%s-%s" % (s[:6], s[6:14], s[14:])

    def card_sp(self):
        c = self.card()
        return " ".join(c[i:i + 4] for i in range(0, len(c), 4))

    def email_zw(self, name=None):
        e = self.email(name)
        at = e.index("@")
        return e[:at - 2] + ZW + e[at - 2:]

    # secrets
    def pw(self):
        word = self.r.choice(["Huafeng", "Qiming", "Lanwan", "sunny", "tiger", "Kd", "Hz", "Winter",
                              "Xm", "dragon", "Jiayi", "Ops"])
        sym = self.r.choice("@#!._$")
        tail = self.r.choice([self.digits(4), self.digits(3) + self.alnum(2, string.ascii_lowercase),
                              "20" + self.digits(2, "12"), self.digits(2) + self.alnum(3)])
        shape = self.r.randrange(3)
        if shape == 0:
            return word + sym + tail
        if shape == 1:
            return word + tail + sym
        return tail + sym + word

    def pw_fw(self):
        return fullwidth(self.pw())

    def code6(self):
        return self.digits(6, "123456789")

    def code6_sp(self):
        return " ".join(self.code6())

    def code6_cn(self):
        return "".join(CN_DIGITS[int(c)] for c in self.code6())

    def pin6(self):
        return self.digits(6)

    def user(self):
        return self.r.choice(["chenxw", "ops_liu", "zhaoyf", "sales_hn", "wangjl", "pan.zq", "cw_gongt"]) \
            + self.digits(2)

    def akid(self):
        return "LTAI5t" + self.alnum(18)

    def aksecret(self):
        return self.alnum(30)

    def ghp(self):
        return "ghp_" + self.alnum(36)

    def apikey(self):
        return "sk-" + self.alnum(32, string.ascii_lowercase + string.digits)

    def wifi(self):
        return self.r.choice(["Guest", "Visit", "Lw5F"]) + self.r.choice("@#") + self.digits(4)

    def acctid(self):
        return self.r.choice(["wx_", "lanwan_", "hf"]) + self.alnum(6, string.ascii_lowercase + string.digits)

    # look-alike numbers for clean messages
    def order18(self):
        while True:
            s = "20" + self.digits(2, "12") + self.digits(14)
            if not any_valid(s):
                return s

    def badphone(self):
        while True:
            s = self.r.choice(BAD_PHONE_PREFIXES) + self.digits(8)
            if not phone_ok(s):
                return s

    def iotphone(self):
        return self.r.choice(IOT_PREFIXES) + self.digits(8)

    def id_bad(self):
        good = self.id()
        wrong = [c for c in "0123456789X" if c != good[17]]
        s = good[:17] + self.r.choice(wrong)
        assert not id_ok(s)
        return s

    def id_baddate(self):
        first = self.r.choice(REGIONS) + "198" + self.digits(1) + "0230" + self.digits(3)
        s = first + id_check(first)
        assert not id_ok(s)
        return s

    def card_bad(self):
        good = self.card()
        s = good[:-1] + str((int(good[-1]) + self.r.randrange(1, 10)) % 10)
        assert not any_valid(s)
        return s

    def nonluhn(self, n):
        while True:
            s = self.digits(n, "123456789")
            if not any_valid(s):
                return s

    def batch19(self):
        return self.nonluhn(19)

    def flow16(self):
        return self.nonluhn(16)

    def sn11(self):
        return "10" + self.digits(9)

    def invoice8(self):
        return self.digits(8)

    def sf13(self):
        return "SF" + self.digits(13, "123456789")

    def staffno(self):
        return self.digits(8, "123456789")

    def member12(self):
        return self.digits(12, "123456789")

    def landline_sh(self):
        return "021-" + self.digits(8, "3456")

    def landline_bj(self):
        return "010-" + self.digits(8, "568")

    def hotline400(self):
        return "400-%s-%s" % (self.digits(3), self.digits(4))

    def uscc(self):
        return "91440300MA5G" + self.alnum(6, string.ascii_uppercase + string.digits)

    def contractno(self):
        return "HT-2024-" + self.digits(4)


def fullwidth(s):
    return "".join("\u3000" if c == " " else chr(ord(c) + 0xFEE0) if "!" <= c <= "~" else c for c in s)


# ---------------------------------------------------------------- messages
# (template, kind/audience code, disguised[, extra labels])
# i = chat/internal, e = chat/external, m = moment/public

ABUSE = [
    ("你脑子进水了吧？同一张报表错三遍，还好意思说是按模板做的", "i", False),
    ("蒋文博就是个废物，客户电话一个都接不住，还天天摸鱼", "i", False),
    ("你们仓库一群蠢货，发货单上的地址又填错了，这都第三次了！", "e", False),
    ("滚！别再拿这种破方案来烦我，看着就恶心", "i", False),
    ("这单丢了全怪你这个猪脑子，报价都能多写一个零", "i", False),
    ("他妈的，服务器又宕机了，值班的人死哪去了", "i", False),
    ("你算什么东西？一个小业务员也配跟我谈账期？", "e", False),
    ("跟财务那帮傻逼说不通，报销单又被打回来了", "i", False),
    ("你是不是没长脑子，合同盖章页都能弄丢", "i", False),
    ("少在群里放屁，数据明明是你自己填错的", "i", False),
    ("这个实习生蠢到家了，教了五遍还是不会做凭证", "i", False),
    ("老子不伺候了，这破公司谁爱待谁待", "i", False),
    ("What the fuck is this deck? Did you even open the template?", "i", False),
    ("Tell your idiot sales rep to stop calling me every hour.", "e", False),
    ("闭嘴吧你，一个外包也敢在评审会上指挥我们组", "i", False),
    ("你们客服都是白痴吗？同一个问题问了八遍还没人解决", "e", False),
    ("贱人，背后打小报告算什么本事，有种当面说", "i", False),
    ("一群饭桶，季度指标才完成三成还好意思开庆功会", "i", False),
    ("操，谁把测试库给删了？给我站出来", "i", False),
    ("Shut up and fix your own bug, moron.", "i", False),
    # disguised
    ("那个煞笔经理又把锅甩给我们组了", "i", True),
    ("你就是个shabi吧，报价单小数点都能点错", "i", True),
    ("你這個廢物，連增值稅發票都能開錯", "i", True),
    ("ＳＢ供应商，第三次发错货了，你们老板呢？", "e", True),
    ("跟这种白" + ZW + "痴合作真是浪费生命", "i", True),
    ("傻-逼需求，谁提的谁自己写去", "i", True),
    ("f u c k，上线时间又提前了两天", "i", True),
    ("草泥马，加班到十一点还让改PPT", "i", True),
    ("蠢" + ZWJ + "货，合同版本又发错了，自己看看", "i", True),
    ("傻X领导又改需求了，这周都第四次了", "i", True),
]

RUMOUR = [
    ("紧急扩散！明天起微信转账超过500元要收20%手续费，赶紧转给家里人", "i", False),
    ("内部消息，公司下个月要砍掉整个华南区，大家赶紧转给身边的同事", "i", False),
    ("速看，即将删除！城西那家奶茶店被查出用地沟油，已经有人住院了", "i", False),
    ("【国务院通知】下周一起全体企业职工退休年龄延长至68岁，请互相转告", "i", False),
    ("我表姐在税务局，说今年年终奖要补交三年个税，赶紧告诉所有人", "i", False),
    ("不转不是中国人！海盐全被核污水污染了，家里赶紧囤盐", "i", False),
    ("腾讯官方宣布下月起微信按月收费，把这条转发到三个群就能免费使用", "i", False),
    ("刚得到消息，人事下周突击查打卡，迟到三次直接开除，快转给组里每个人", "i", False),
    ("【银保监会紧急通知】今晚12点起所有信用卡临时冻结，请立即转发给亲友", "e", False),
    ("据可靠人士透露，咱们董事长已经被带走调查了，信得过的人可以偷偷告诉", "i", False),
    ("震惊！某品牌流感疫苗打了会致癌，大家互相转告千万别打", "i", False),
    ("吃香蕉和酸奶一起会中毒，家里有老人孩子的赶紧转发，宁可信其有", "i", False),
    ("财务的朋友说下季度工资要推迟三个月发，大家赶紧把消息传出去", "i", False),
    ("速转！今晚十点会有七级地震，地震局内部已经通知了，只是不敢公开", "i", False),
    ("公安部最新通知：陌生人发的红包一点开银行卡就被盗，请全部转发", "e", False),
    ("这条一定要发到所有客户群：隔壁品牌的滤芯含致癌物，质检局已经立案了", "e", False),
    ("转发到朋友圈就能领年会红包，入口 https://hb-nianhui.top/get ，行政已经确认了", "i", False, ["link"]),
    ("我在集团的同学说，下个月要并到子公司，社保会断缴半年，快告诉大家", "i", False),
    ("别不信！明天全市停水三天，水务局不让公开，赶紧让家里人囤水", "i", False),
    ("这条消息发满十个群，手机就不会被新型病毒入侵，不转后果自负", "i", False),
    # disguised
    ("緊急擴散！下月起所有銀行卡都要重新實名，不去會被凍結，快轉給家人", "i", True),
    ("速" + ZW + "看，即" + ZW + "将删" + ZW + "除：集团高层内斗内幕，明早就没了", "i", True),
    ("kuai zhuan！内部人士说下个月公积金要停缴，转给你认识的所有人", "i", True),
    ("紧/急/扩/散：自来水里检测出新型病毒，千万别直接喝", "i", True),
    ("【国 务 院 通 知】明年起取消所有企业年终奖，请相互转告", "i", True),
    ("看到请砖发给所有同事：下周起加班费全部取消，老板已经签字了", "i", True),
    ("【ＷＨＯ紧急通知】新型流感已在本市爆发，请立即转发提醒家人不要出门", "e", True),
    ("緊急通知（國務院辦公廳）：明年起工資改為次月底發放，請互相轉告", "i", True),
    ("内部消息，速" + ZWJ + "转：本周五全公司停电停工，当天工资照扣", "i", True),
    ("su kan, ji jiang shan chu：人事部明天要公布裁员名单，大家赶紧传", "i", True),
]

SECRET = [
    ("【内部绝密】一季度华东区营收3.72亿，还没对外发，先给你看个数", "i", False),
    ("跟您交个底，X200这款最低能做到4380一台，千万别说是我给的价", "e", False),
    ("我们的客户名单你先拿去跑：宏远建材李总、恒信物流邱经理、鑫达化工周总", "e", False),
    ("这个月研发部工资表我截图发你了，平均月薪28600，骨干都在4万以上", "i", False),
    ("跟华润那份合同金额敲定了，1260万含税，下周三签", "e", False),
    ("机密：新品发布会定在9月18日，定价3999，发布前别对外讲", "e", False),
    ("报价单直接发你：标准版每年18万，旗舰版42万，渠道最低可以给到六五折", "e", False),
    ("核心算法我直接贴出来：risk = score * 0.73 + region_weight[city] - 12，别外传", "e", False),
    ("仅限内部：下季度毛利目标调到41.5%，财报出来之前谁都不许说", "i", False),
    ("这次投标我们报的是862万，比上回低了7个点，你看能不能压过他们", "e", False),
    ("老客户的采购量给你列一下：顺德美雅每月3万件，中山华庭每月1.8万件", "e", False),
    ("董事会纪要：拟收购深圳芯联科技，估值上限5.6亿，此事严格保密", "i", False),
    ("工资条发你看看：欧阳磊 基本工资15000 绩效8000 补贴2200", "i", False),
    ("支付风控的设计文档拍给你了，第4页是阈值：单笔超5万转人工审核", "e", False),
    ("机密文件，阅后即删：三季度优化名单共47人，研发12人，销售20人", "i", False),
    ("返点政策还没公布，先给你透个底：年采购超500万返8个点", "e", False),
    ("这批货成本价每吨6120，你报给终端至少加两成", "e", False),
    ("内部价目表：A级渠道拿货价是零售价的52%，B级58%，C级65%", "e", False),
    ("偷偷告诉你，我们App上个月日活186万，还没对外公布", "e", False),
    ("我们和京东谈的框架协议，年度保底采购额2.3亿，你知道就行", "e", False),
    # disguised
    ("絕密：下季度全線產品漲價百分之十五，正式公告前別外傳", "e", True),
    ("底" + ZW + "价" + ZW + "最低四千二一台，别跟其他经销商说", "e", True),
    ("合同金额 1 2 8 0 万，老板刚拍板，你心里有数就行", "e", True),
    ("baomi de，Q3净利润1.3亿，比去年翻了一倍，别往外说", "e", True),
    ("内-部-机-密：新款手机发布价4299，九月底上市", "e", True),
    ("给你透个底，底价是３８６０元一台，别说是我说的", "e", True),
    ("工资表：研发经理月薪叁万伍仟，测试主管贰万捌仟，产品总监肆万贰仟", "i", True),
    ("这个数你记一下：中标价捌佰陆拾万，还没公示", "e", True),
    ("机 密 资 料：大客户年采购额，宏达两千万，恒通一千五百万，天润九百万", "e", True),
    ("nei bu shu ju：6月GMV 4.8亿，财报前别往外说", "e", True),
]

CREDENTIAL = [
    ("服务器root密码是{pw}，你用完跟我说一声我改掉", "i", False),
    ("验证码{code6}，你帮我登一下报销系统，我在高铁上", "i", False),
    ("我的企业微信借你用两天，账号{user}，密码{pw}", "i", False),
    ("VPN账号{user}，密码{pw}，远程调试完记得断开", "e", False),
    ("测试库连接串：host=db-test user=admin password={pw}", "i", False),
    ("阿里云的AccessKey ID是{akid}，Secret是{aksecret}", "i", False),
    ("你电脑的开机密码我帮你改成{pw}了", "i", False),
    ("我邮箱密码{pw}，你帮我看看客户有没有回信", "i", False),
    ("把你的钉钉账号借我登一下，我的被冻结了，急着打卡", "i", False),
    ("CI要用的token：{ghp}，配到流水线变量里", "i", False),
    ("共享盘访问口令{pw}，周五前有效", "i", False),
    ("短信验证码{code6}发你了，帮我把这周的考勤确认一下", "i", False),
    ("CRM账号给你，帮我把拜访记录补上，用户名{user} 密码{pw}", "i", False),
    ("访客wifi是Guest-5F，密码{wifi}", "e", False),
    ("企业网银的U盾密码是{pin6}，转账的时候要输", "i", False),
    ("堡垒机动态口令{code6}，五分钟内有效，赶紧登", "i", False),
    ("你不方便的话就用我的OA账号去审批吧，登录信息我私聊你", "i", False),
    ("配置文件里填 api_key={apikey} 就行", "i", False),
    ("客户后台管理员账号 admin，初始密码{pw}，登录后让他们自己改", "e", False),
    ("我微信借你发两天朋友圈，登完记得退出，号是{acctid}", "i", False),
    # disguised
    ("密碼是{pw}，別告訴其他人", "i", True),
    ("mima shi {pw}，登完帮我退出", "i", True),
    ("ｍｉｍａ：{pw_fw}，用完改回来", "i", True),
    ("验证码是 {code6_sp}，快帮我点一下确认", "i", True),
    ("开机口令：{code6_cn}，别记错了", "i", True),
    ("账号 {user}，蜜码 {pw}，月底前有效", "i", True),
    ("密" + ZW + "码{pw}，进去把日报导出来", "i", True),
    ("帳號借你用一下，登入後幫我打個卡", "i", True),
    ("yan zheng ma: {code6_sp}，五分钟有效", "i", True),
    ("口-令-是-{pw}，财务系统用的", "i", True),
]

PRIVACY = [
    ("钟玉梅的手机号{phone}，你直接跟她约面试时间", "i", False),
    ("客户潘总的身份证号{id:m}，帮我填一下开户申请表", "i", False),
    ("褚建国的工资卡{card}，农业银行，这个月补发的钱打这张", "i", False),
    ("客户孔先生家住朝阳区望京西园三区412号楼2单元601，你把样品直接寄过去", "e", False),
    ("新来的实习生私人邮箱{email}，把入职材料发给她", "i", False),
    ("谭浩老婆的电话{phone}，他出差联系不上的话打这个", "i", False),
    ("投诉的客户叫韦小兰，手机{phone}，住闵行区莘庄镇莘松路258弄18号402", "i", False),
    ("退款打到这张卡：{card}，持卡人黎家豪，招商银行", "i", False),
    ("候选人身份证号{id}，背调要用，你们查一下", "e", False),
    ("前同事尹秀芳的号码{phone}，她现在做渠道，可以找她聊聊", "i", False),
    ("理赔材料：被保人身份证{id}，收款卡号{card}", "e", False),
    ("收件人：付晨 {phone}，苏州工业园区星湖街328号独墅湖花园7幢1102", "e", False),
    ("曾总的私人邮箱是{email:zenghuimin}，这事别走公司邮箱", "i", False),
    ("房东电话{phone}，押金的事你跟他谈", "i", False),
    ("离职员工贺一鸣的身份证{id:m}，社保减员要用", "i", False),
    ("供应商老板的个人卡{card}，他说打这张到账快", "e", False),
    ("戴春燕家地址是天河区龙口西路华景新城翠景阁15楼C座，花篮送那", "i", False),
    ("范立伟的手机{phone}和邮箱{email:fanliwei}都在这了，你们自己约", "e", False),
    ("把邵宁的身份证号发你：{id:m}，订机票用", "i", False),
    ("覃海燕的银行卡{card}，差旅费报完直接转给她", "i", False),
    # disguised
    ("小马的手机 {phone_sp}，你晚上打给他", "i", True),
    ("联系人龚婷 {phone_dash}，直接找她对账", "e", True),
    ("他号码是{phone_cn}，记一下", "i", True),
    ("马丽娜的身份证号 {id_sp:f}，帮我订下周的酒店", "i", True),
    ("对方个人卡号 {card_sp}，户名司马俊", "e", True),
    ("财务总监孟洁的私人邮箱 {email_zw:mengjie}，周末有急事发这个", "i", True),
    ("客户电话{phone_fw}，记得明天回访", "i", True),
    ("他家地址：廣州市海珠區江南大道中182號怡安花園5棟903，禮品寄這裡", "e", True),
    ("号码{phone_zw}是她本人的，别给别人", "i", True),
    ("身份证{id_dash}是法人代表的，开户用", "e", True),
]

EXAGGERATION = [
    ("全网最低价！家用空气净化器今天只要899，错过再等一年", "m", False),
    ("本公司理财产品保本保息，年化8%，稳赚不赔，名额有限先到先得", "m", False),
    ("国家级专利配方，三天根治灰指甲，无效全额退款", "m", False),
    ("行业第一品牌智能门锁，十年不坏，买到就是赚到", "m", False),
    ("史上最强性价比！这台轻薄本配置吊打同价位所有产品", "m", False),
    ("100%纯天然成分，零副作用，孕妇儿童都能放心用", "m", False),
    ("零风险投资，月收益15%，本金随时可取，欢迎私信咨询", "m", False),
    ("顶级工艺，极致体验，我们的定制衣柜就是这么自信", "m", False),
    ("全国销量冠军净水器，长期喝能降血压降血糖", "m", False),
    ("最佳装修季！本月团购价全城最低，签约再送全屋灯具", "m", False),
    ("我司代理的这款年金险绝对安全，到期保证收益翻倍", "m", False),
    ("祖传秘方，糖尿病三个疗程彻底治愈，不用再打胰岛素", "m", False),
    ("世界领先黑科技，充电五分钟，续航整整一周", "m", False),
    ("PMP冲刺班保过！考不过全额退费，历年通过率100%", "m", False),
    ("业内唯一指定供应商，品质无可挑剔，全行业最好的售后", "m", False),
    ("跟着我们做这个项目稳赚，去年的老客户收益都翻了三倍", "m", False),
    ("全球首创玻尿酸面膜，敷一片年轻十岁", "m", False),
    ("最高端的商务礼盒，送领导送客户一次搞定，下单戳 https://shop.hfgift.cn/box", "m", False, ["link"]),
    ("市场占有率第一的ERP系统，上线至今零故障，选它准没错", "m", False),
    ("绝对正品，全网独一家，假一赔十，今晚下单包邮", "m", False),
    # disguised
    ("全網最低價！今晚十二點前下單再送一年延保", "m", True),
    ("行业ＮＯ１，品质遥遥领先，老客户复购率超九成", "m", True),
    ("保" + ZW + "本" + ZW + "保" + ZW + "息，年化九个点，银行都没这么高", "m", True),
    ("稳/赚/不/赔的好项目，名额只剩三个，私聊了解", "m", True),
    ("wen zhuan bu pei！跟着我们团队投，一年回本", "m", True),
    ("第 一 品 牌 变频空调，冬暖夏凉，一晚只要一度电", "m", True),
    ("百分百有效，用三天不见效全额退款", "m", True),
    ("gen zhi颈椎病，一贴见效，不用再跑医院", "m", True),
    ("國家級非遺工藝，全國僅此一家，送禮有面子", "m", True),
    ("零 風 險，高回報，月入過萬不是夢，歡迎私信", "m", True),
]

LINK = [
    ("报名表在这 https://jinshuju.net/f/Xk29aB ，今天下班前填完", "i", False),
    ("新报价系统 http://10.20.3.118:8080/quote 内网才能打开", "i", False),
    ("物流进度上 www.sf-express.com 输运单号就能查", "e", False),
    ("这个短链 t.cn/A6xYz9Qp 点开是什么？看着像活动页", "i", False),
    ("培训视频放在 https://b23.tv/Qm3kT8 了，大家有空看看", "i", False),
    ("合同模板在 ftp://192.168.1.50/share/templates 里自己下", "i", False),
    ("我们官网改版了，您看看 hefeng-shop.cn 首页效果", "e", False),
    ("供应商发来的对账链接 https://bill.hxpay.com.cn/check?id=88231 ，我不太敢点", "i", False),
    ("竞品定价你去 jd.com 上搜一下型号就有", "i", False),
    ("帮我看看这是不是钓鱼网站 http://wx-login-verify.top/auth", "i", False),
    ("满意度问卷 https://www.wjx.cn/vm/tRk3pQ.aspx 麻烦您抽空填一下", "e", False),
    ("新人手册放在 https://docs.qq.com/doc/DUkF5aBc 里了", "i", False),
    ("代码仓库地址 gitee.com/hzsoft/erp-core ，权限找我开", "i", False),
    ("今晚八点直播间见 https://live.douyin.com/58213377 秋季新品讲解", "m", False),
    ("点这个领年会奖品 https://dwz.cn/yx8Kq ，限时三天", "i", False),
    ("抢票去 12306.cn 官方的，别用那些加速包", "i", False),
    ("展会电子门票在 expo-reg.org.cn 上注册", "e", False),
    ("查对方工商信息用 qcc.com 就行，比打电话问快", "i", False),
    ("测试包下载地址 http://172.16.8.21/build/latest ，装之前先卸旧版", "i", False),
    ("招聘进行中，投递请戳 https://jobs.lanwan-logistics.com/apply", "m", False),
    # disguised
    ("别点这个 hxxps://pan-share[.]xyz/d/83kd ，IT说是钓鱼的", "i", True),
    ("旗舰店地址 www点hefengjiaju点com，搜店名也行", "e", True),
    ("安全部转来的样本 hxxp://update-wechat[.]top/login 别在手机上打开", "i", True),
    ("客户说在 meiyijia。cn 上下的单，你查查", "i", True),
    ("资料在 ｗｗｗ．ｌｉｎｈａｉｙｕｎ．ｃｏｍ 的下载中心", "e", True),
    ("h t t p s : / / kf.ruixin-tech.cn 这个是客服后台", "i", True),
    ("短链 t[.]cn/AbC123x 是客户发过来的，谁认识", "i", True),
    ("报名页：huodong点lanwan点net，周五截止", "i", True),
    ("测试地址 http" + ZW + "s://staging.qingyun-api.com/v2 记一下", "i", True),
    ("会议链接 meeting[.]tencent[.]com/dm/4Xk9 ，十点准时进", "e", True),
]

CLEAN = [
    # abuse look-alikes
    ("新系统是傻瓜式操作，点三下就能出报表", "i"),
    ("尼玛次仁下周从拉萨过来培训，住宿帮他订一下", "i"),
    ("草坪那边下午要修剪，车别停在消防通道", "i"),
    ("这个模型用的是卷积神经网络，推理速度还得再优化", "i"),
    ("滚筒洗衣机那批货到了，售后让你去仓库点一下数", "i"),
    ("页面滚动条在Safari上显示不出来，前端看一下", "i"),
    ("这周末垃圾分类督导轮到我们部门，自愿报名", "i"),
    ("线程死锁的问题定位到了，是两把锁的加锁顺序反了", "i"),
    ("笑死我了，老周把年会抽奖的箱子抱反了", "i"),
    ("月底了要逼单，大家把意向客户再过一遍", "i"),
    ("今天猪肉价格又涨了，食堂说下周菜单要调整", "i"),
    ("我妈妈下午做手术，我请半天假，工作交接给晓雯了", "i"),
    ("别傻傻分不清增值税专票和普票，报销前再看一眼", "i"),
    ("公司早操改到九点十分了，在一楼大厅集合", "i"),
    ("老子说知足不辱，年度总结就用这句开头吧", "i"),
    ("电脑一上午死机三次了，IT能不能过来看一下", "i"),
    ("您要的USB转接头已经发顺丰了，明天能到", "e"),
    ("The assumption on slide 3 is off, please recheck the Sussex market data.", "i"),
    ("Can someone book the Hitchcock room? Our shiitake supplier arrives at 3.", "i"),
    ("宣传片周六杀青，市场部负责对接媒体", "i"),
    ("今年的干货分享会主题是供应链金融，欢迎报名", "i"),
    ("蛋糕店说生日会的蛋糕下午三点送到前台", "i"),
    ("项目进度在逼近红线了，得跟客户沟通一下延期", "i"),
    ("废旧电池回收箱放在一楼大堂，您可以直接投放", "e"),
    ("傻眼了，打印机卡纸卡了一上午", "i"),
    ("与其贱卖库存不如做个满减活动，你算算毛利", "i"),
    ("神经内科的王主任下午三点到，会议室准备一下", "i"),
    ("二百五十份宣传册周四前印好，送到展位", "i"),
    ("你妈妈的体检报告出来了吗？需要的话我帮你约专家号", "i"),
    ("The shell script failed at the push step, can you take a look?", "i"),
    ("狗粮品牌方的样品到了，宠物频道的同事来领一下", "i"),
    # rumour look-alikes
    ("麻烦转告王经理，明天上午十点的会改到三楼小会议室", "i"),
    ("紧急通知：今晚22点到24点OA系统升级，期间暂停审批", "i"),
    ("听说新来的总监是从深圳过来的，人挺好说话的", "i"),
    ("这条消息我先删除了，发错群了，大家忽略", "i"),
    ("网上说微信转账要收手续费，这是谣言，官方已经辟谣了", "i"),
    ("扩散模型生成的商品图效果不错，下周给运营演示", "i"),
    ("内部消息队列积压了两万条，消费者要扩容", "i"),
    ("行政转发的消防演练通知大家看一下，周四下午三点全员下楼", "i"),
    ("以官网公告为准，别信群里的小道消息", "i"),
    ("国务院出台的减税降费政策，财务整理了一份解读，周会上讲", "i"),
    ("速看附件第三页，客户的修改意见都标红了", "i"),
    ("临时文件夹即将清理，需要的文件周五前挪走", "i"),
    ("您反馈的问题我已经转发给技术部了，今天下班前给您答复", "e"),
    ("人事通知：下周一起打卡时间调整为九点前，详见OA公告", "i"),
    ("刚听客户说他们明年要扩产，我们可以早点跟进", "i"),
    ("那个微信收月费的截图是P的，别再往家族群发了", "i"),
    ("公安部门提醒谨防冒充客服退款诈骗，财务同事付款前注意核实", "i"),
    ("紧急：客户明早九点到，样品今晚必须打包好", "i"),
    ("Please forward this agenda to anyone who missed the kickoff.", "i"),
    # secret look-alikes
    ("保密协议的模板法务更新了，新员工入职记得签新版", "i"),
    ("报价我们走系统正式发给您，微信上就不发具体数字了", "e"),
    ("底价这个我没权限说，您可以找我们大区经理谈", "e"),
    ("工资条已经推送到企业邮箱，各自登录查看，有问题找HR", "i"),
    ("客户名单请在CRM里导出，不要截图发群里", "i"),
    ("信息安全培训讲了机密文件要走加密网盘，下周考试", "i"),
    ("合同金额以双方盖章版本为准，微信里聊的不算", "i"),
    ("代码评审约在周四下午，大家提前把MR提好", "i"),
    ("财报下周二对外发布，发布前请大家不要在外部讨论业绩", "i"),
    ("文件密级分为公开、内部、秘密、机密四档，标注在页眉", "i"),
    ("报价明天上午出，正式版盖章后发您邮箱", "e"),
    ("薪酬调整方案还在走流程，出来之后HR会一对一沟通", "i"),
    ("源代码别放个人网盘，统一提交到公司的代码库", "i"),
    ("公司去年的营收在年报里有披露，您可以自己查一下", "e"),
    ("这个项目的预算还没批下来，等批了再排期", "i"),
    ("请大家注意，含客户信息的表格别用微信传", "i"),
    ("竞品上周开发布会公布的价格是2999，我们要不要跟", "i"),
    ("设计文档我放到内网知识库了，权限已经开给你", "i"),
    ("合同我们这边审完了，法务明天寄出纸质版", "e"),
    ("内部培训的课件别外发，课后我统一收回", "i"),
    # credential look-alikes
    ("邮箱密码忘了，重置邮件一直收不到，IT能帮忙看下吗", "i"),
    ("新的密码策略：至少12位，包含大小写字母、数字和符号，90天一换", "i"),
    ("验证码短信收不到的话，试试语音验证码", "i"),
    ("我的账号被锁了，输错了五次密码，找谁解锁？", "i"),
    ("借你的充电宝用一下，手机只剩3%了", "i"),
    ("这个大模型上下文是128k token，长合同可以整份丢进去", "i"),
    ("会议室的钥匙在前台，借用要登记", "i"),
    ("保险柜的密码我不知道，等财务陈姐回来再开", "i"),
    ("公司要求所有系统开启二次验证，本周内完成", "i"),
    ("新员工的账号申请走OA流程，IT两个工作日开通", "i"),
    ("别把密码写在便利贴上贴显示器，安全检查会扣分", "i"),
    ("API文档更新了，鉴权方式从签名改成了OAuth", "i"),
    ("您登录时提示验证码错误的话，刷新页面重新获取一下", "e"),
    ("账号共享是违规的，每个人用自己的工号登录", "i"),
    ("修改密码的入口在个人中心的安全设置里", "i"),
    ("门禁卡丢了要去物业补办，押金二十块", "i"),
    ("年会的口令红包谁抢到了？我手慢了", "i"),
    ("有没有密码学的入门书推荐？想补补RSA的基础", "i"),
    ("借款单要部门负责人签字才能去财务领钱", "i"),
    ("用户名规则是姓名全拼加工号后四位，别自己起", "i"),
    # privacy look-alikes (invalid numbers, hotlines, office addresses)
    ("您的订单号{order18}，发货后会短信通知您", "e"),
    ("客服热线{hotline400}，客户问就给这个", "i"),
    ("有问题打我们座机{landline_sh}，分机203", "e"),
    ("公司地址是南山区科苑路15号讯美科技广场3栋9楼，快递写这个", "i"),
    ("这个号码{badphone}打不通，提示是空号，客户是不是留错了", "i"),
    ("系统提示身份证号{id_bad}校验不通过，最后一位不对，让客户再核对", "i"),
    ("这张卡号{card_bad}银行说不存在，应该是抄错了一位", "i"),
    ("发票号码{invoice8}，开票日期11月3日，帮我查下入账没", "i"),
    ("顺丰单号{sf13}，客户说还没收到", "i"),
    ("我们的统一社会信用代码是{uscc}，开票用", "e"),
    ("工号{staffno}，报销系统里搜不到我，帮我看看", "i"),
    ("银行客服95588说跨行转账要第二天到", "i"),
    ("合同编号{contractno}，归档的时候注意别写错", "i"),
    ("客户公司在张江高科技园区碧波路690号，下午去拜访", "i"),
    ("设备序列号{sn11}，保修卡上写的就是这个", "i"),
    ("这个批次号{batch19}，质检报告上要写全", "i"),
    ("把自己的手机号更新到通讯录系统里，HR要统一核对", "i"),
    ("急救电话120，物业电话在电梯口贴着", "i"),
    ("报表里的{flow16}是交易流水号，不是卡号", "i"),
    ("王总助理说有事打办公室电话{landline_bj}，别打他手机", "i"),
    ("这个号{iotphone}是物联网卡吧，不是正常手机号", "i"),
    ("客户会员号{member12}，积分没到账，帮忙查一下", "e"),
    ("这个身份证号{id_baddate}肯定录错了，哪有2月30号出生的", "i"),
    # exaggeration look-alikes
    ("这家的牛肉面是我吃过最好吃的，中午一起去？", "i"),
    ("咱们部门季度业绩全公司第一，晚上聚餐我请", "i"),
    ("最近在备考CPA，有一起打卡的同事吗", "m"),
    ("第一次带团队参加广交会，学到了很多", "m"),
    ("最后一天在深圳办公室，感谢三年来大家的照顾", "m"),
    ("这个理财保本吗？我问问银行经理再说", "i"),
    ("医生说我这个腰椎间盘突出很难根治，只能慢慢养", "i"),
    ("测试用例通过率100%了，可以提交验收", "i"),
    ("咱们园区是国家级高新区，税收有优惠，财务确认一下", "i"),
    ("秋季卫衣上架了，五种颜色，欢迎来店里试穿", "m"),
    ("周末带娃去了趟科技馆，孩子玩得停不下来", "m"),
    ("我们不做稳赚不赔这种承诺，投资有风险，您要慎重", "e"),
    ("顶级期刊的那篇论文我下载了，算法组可以参考", "i"),
    ("公司十周年，感谢每一位客户的陪伴，我们会继续努力", "m"),
    ("最佳实践文档整理好了，放在知识库", "i"),
    ("今天第一场雪，办公室窗外特别好看", "m"),
    ("这个价已经是我们能给的最低了，再低就亏本了", "e"),
    ("最近接了几个厂房改造的项目，有需要的朋友可以聊聊", "m"),
    ("老板说要做到极致，这个交互再改一版", "i"),
    ("展会第一天，我们在3号馆B12展位，欢迎来坐坐", "m"),
    # link look-alikes
    ("周报放在共享盘的report_final.docx里，第三页是数据", "i"),
    ("客户端升级到v3.2.1后闪退的问题修好了", "i"),
    ("按照管理办法第5.3.1条，陌生链接不要点", "i"),
    ("官网下载最新驱动就行，搜型号就能找到", "i"),
    ("链接我发你邮箱了，注意查收", "i"),
    ("安装包版本6.2.0.18，装完重启一下", "i"),
    ("IP地址冲突了，找网管重新分配一下", "i"),
    ("域名备案还没下来，活动页只能下周上线", "i"),
    ("报价单.xlsx和技术方案.pdf一起打包发客户", "i"),
    ("汇率从7.12涨到7.25，进口那批货成本要重新算", "i"),
    ("前端用的是Vue.js，后端是Spring Boot", "i"),
    ("这个问题在Node.js 18上复现不了", "i"),
    ("日志在app.log里，报错那几行我标黄了", "i"),
    ("把data.json和config.yaml都提交一下", "i"),
    ("扫码关注公众号就能查物流，不用下App", "e"),
    ("下午4.30开会，讨论2.4.0版本的需求", "i"),
    ("截图.png里红框那块就是报错的位置", "i"),
]

# ---------------------------------------------------------------- build

PLACEHOLDER = re.compile(r"\{(\w+)(?::([\w.]+))?\}")


def fill(tpl, gen):
    return PLACEHOLDER.sub(lambda m: getattr(gen, m.group(1))(*([m.group(2)] if m.group(2) else [])), tpl)


def build():
    rng = random.Random(SEED)
    gen = Gen(rng)
    rows = []
    for cat, items in zip(CATEGORIES, [ABUSE, RUMOUR, SECRET, CREDENTIAL, PRIVACY, EXAGGERATION, LINK]):
        made = []
        for item in items:
            tpl, ka, disg = item[:3]
            extra = item[3] if len(item) > 3 else []
            kind, aud = KA[ka]
            made.append({"text": fill(tpl, gen), "kind": kind, "audience": aud,
                         "labels": [cat] + extra, "disguised": disg})
        rng.shuffle(made)
        for n, row in enumerate(made, 1):
            rows.append(dict([("id", "ho-%s-%02d" % (cat, n))] + list(row.items())))
    clean = []
    for tpl, ka in CLEAN:
        kind, aud = KA[ka]
        clean.append({"text": fill(tpl, gen), "kind": kind, "audience": aud, "labels": [], "disguised": False})
    rng.shuffle(clean)
    for n, row in enumerate(clean, 1):
        rows.append(dict([("id", "ho-clean-%03d" % n)] + list(row.items())))
    return rows


# ---------------------------------------------------------------- validate

FIELDS = ["id", "text", "kind", "audience", "labels", "disguised"]
CN_MAP = {c: str(i) for i, c in enumerate(CN_DIGITS)}
CN_MAP.update({"〇": "0", "幺": "1"})
TLDS = "com|cn|net|org|top|xyz|io|cc|tv|me|info|biz|co|app|dev|ai|gov|edu|shop|site|online|club|vip|ltd|tech|store|md|py|zip|sh|mov"
EMAIL = re.compile(r"[A-Za-z0-9._%+-]+@[A-Za-z0-9-]+(\.[A-Za-z0-9-]+)+")
LINK_PATTERNS = [
    re.compile(r"(?i)\b(https?|ftp|hxxps?)\s*:\s*/\s*/"),
    re.compile(r"(?i)h\s+t\s+t\s+p"),
    re.compile(r"(?i)www\s*[.点。]"),
    re.compile(r"\[\.\]|\(\.\)"),
    re.compile(r"(?i)(?<![a-z0-9_-])[a-z0-9][a-z0-9-]*(\s*[.。点]\s*[a-z0-9-]+)*\s*[.。点]\s*(" + TLDS + r")(?![a-z0-9])"),
    re.compile(r"\b\d{1,3}(\.\d{1,3}){3}(:\d+|/)"),
]
# unambiguous triggers that no clean message may contain
CLEAN_TRIGGERS = [
    r"傻逼|煞笔|傻X|他妈的|草泥马|废物(?!回收)|蠢货|白痴|饭桶|贱人|滚蛋|猪脑子|(?i:\bfuck|\bidiot|\bmoron)",
    r"紧急扩散|即将删除|不转不是|转发到.{0,3}群|互相转告|相互转告|速转",
    r"绝密|内部机密|底价是|底价\d|合同金额\d|工资表[:：]",
    r"密码[是为:：]?\s*[A-Za-z0-9]{4,}|验证码[是:：]?\s*\d{4,}|口令[是:：]?\s*[A-Za-z0-9]{4,}|api_key|AccessKey|ghp_|password=",
]
MOMENT_TRIGGERS = r"全网最低|史上最|国家级|第一品牌|稳赚|保本|根治|100%|零风险|顶级|极致|最佳|第一名|销量冠军"


def normalise(text):
    t = text.replace(ZW, "").replace(ZWJ, "")
    t = "".join(chr(ord(c) - 0xFEE0) if "！" <= c <= "～" else c for c in t)
    return t


def digit_runs(text):
    t = "".join(CN_MAP.get(c, c) for c in normalise(text))
    t = re.sub(r"(?<=\d)[ \-.](?=\d)", "", t)
    return re.findall(r"\d+X?", t)


def has_link(text):
    t = EMAIL.sub(" ", normalise(text))
    return any(p.search(t) for p in LINK_PATTERNS)


def validate(path):
    errors = []
    raw = open(path, "rb").read()
    lines = raw.decode("utf-8").split("\n")
    assert lines[-1] == "", "file must end with a newline"
    rows = []
    for n, line in enumerate(lines[:-1], 1):
        try:
            obj = json.loads(line)
        except ValueError as e:
            errors.append("line %d: bad JSON: %s" % (n, e))
            continue
        if list(obj) != FIELDS:
            errors.append("line %d: fields %s" % (n, list(obj)))
        rows.append(obj)
    if "\\u" in raw.decode("utf-8"):
        errors.append("file contains \\u escapes")
    ids = [r["id"] for r in rows]
    texts = [r["text"] for r in rows]
    if len(set(ids)) != len(ids):
        errors.append("duplicate ids")
    if len(set(texts)) != len(texts):
        errors.append("duplicate texts")
    counts = {c: 0 for c in CATEGORIES}
    disg = {c: 0 for c in CATEGORIES}
    nclean = 0
    for r in rows:
        rid, text, labels = r["id"], r["text"], r["labels"]
        if (r["kind"], r["audience"]) not in KA.values():
            errors.append("%s: kind/audience %s/%s" % (rid, r["kind"], r["audience"]))
        if not isinstance(r["disguised"], bool) or not isinstance(labels, list):
            errors.append("%s: types" % rid)
        if not 10 <= len(text) <= 120:
            errors.append("%s: length %d" % (rid, len(text)))
        if any(l not in CATEGORIES for l in labels) or len(set(labels)) != len(labels):
            errors.append("%s: labels %s" % (rid, labels))
        if labels:
            first = labels[0]
            if not re.fullmatch(r"ho-%s-\d\d" % first, rid):
                errors.append("%s: id does not match first label" % rid)
            counts[first] += 1
            disg[first] += r["disguised"]
        else:
            nclean += 1
            if not re.fullmatch(r"ho-clean-\d{3}", rid) or r["disguised"]:
                errors.append("%s: bad clean id or disguised flag" % rid)
        if "exaggeration" in labels and r["kind"] != "moment":
            errors.append("%s: exaggeration outside a Moment" % rid)
        runs = [d for d in digit_runs(text) if len(d) >= 11]
        if "privacy" in labels:
            for d in runs:
                if not any_valid(d):
                    errors.append("%s: privacy positive with invalid number %s" % (rid, d))
        else:
            for d in runs:
                if any_valid(d):
                    errors.append("%s: valid personal number %s outside privacy" % (rid, d))
            if EMAIL.search(normalise(text)):
                errors.append("%s: e-mail outside privacy" % rid)
        if has_link(text) != ("link" in labels):
            errors.append("%s: link detection %s vs labels %s" % (rid, has_link(text), labels))
        if not labels:
            for pat in CLEAN_TRIGGERS:
                m = re.search(pat, normalise(text))
                if m:
                    errors.append("%s: clean message trips %r" % (rid, m.group(0)))
            if r["kind"] == "moment":
                m = re.search(MOMENT_TRIGGERS, text)
                if m:
                    errors.append("%s: clean Moment trips %r" % (rid, m.group(0)))
    for c in CATEGORIES:
        if counts[c] != 30:
            errors.append("%s: %d positives, want 30" % (c, counts[c]))
        if not 9 <= disg[c] <= 12:
            errors.append("%s: %d disguised, want about a third" % (c, disg[c]))
    if nclean != 150:
        errors.append("%d clean messages, want 150" % nclean)
    # the privacy positives hold the expected mix of valid numbers
    kinds = {"phone": 0, "id": 0, "card": 0}
    for r in rows:
        if "privacy" in r["labels"]:
            for d in digit_runs(r["text"]):
                kinds["phone"] += phone_ok(d)
                kinds["id"] += id_ok(d)
                kinds["card"] += card_ok(d)
    summary = {"rows": len(rows), "clean": nclean, "positives": counts, "disguised": disg,
               "privacy_numbers": kinds, "sha256": hashlib.sha256(raw).hexdigest()}
    return errors, summary


def main():
    if "--check" not in sys.argv:
        rows = build()
        with open(OUT, "w", encoding="utf-8", newline="\n") as f:
            for r in rows:
                f.write(json.dumps(r, ensure_ascii=False) + "\n")
    errors, summary = validate(OUT)
    print(json.dumps(summary, ensure_ascii=False))
    for e in errors:
        print("ERROR:", e)
    sys.exit(1 if errors else 0)


if __name__ == "__main__":
    main()
