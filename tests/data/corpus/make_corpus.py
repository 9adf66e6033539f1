#!/usr/bin/python3
"""Generate and validate tests/data/corpus/labelled.jsonl for chatscan.

Deterministic: every random value (passwords, keys, phone numbers, ID numbers,
bank cards, e-mail addresses, home addresses, bad look-alike numbers) comes
from one seeded random.Random, consumed in file order.  Running the script
twice gives a byte-identical labelled.jsonl.

    /usr/bin/python3 tests/data/corpus/make_corpus.py          # write + validate
    /usr/bin/python3 tests/data/corpus/make_corpus.py --check  # validate only

All message texts below were written for this corpus.  Each entry line is

    FLAGS|TEXT[|EXTRA_LABEL,...]

FLAGS: first letter c = chat/internal, x = chat/external, m = moment/public;
a following d marks the entry as disguised.  {NAME} placeholders are filled by
the generator functions in GEN; {ZW}/{ZWJ} insert real U+200B / U+200D.
"""

import base64
import datetime
import json
import os
import re
import string
import sys
import unicodedata

import random

SEED = 20240611
HERE = os.path.dirname(os.path.abspath(__file__))
OUT = os.path.join(HERE, "labelled.jsonl")

CATEGORIES = ["abuse", "rumour", "secret", "credential", "privacy",
              "exaggeration", "link"]

rng = random.Random(SEED)

ZW = "\u200b"
ZWJ = "\u200d"
UP = string.ascii_uppercase
LO = string.ascii_lowercase
DG = string.digits
ALNUM = UP + LO + DG
B64 = ALNUM + "+/"


def rstr(alpha, n):
    return "".join(rng.choice(alpha) for _ in range(n))


def fw(s):
    """ASCII -> full-width forms (space -> ideographic space)."""
    out = []
    for ch in s:
        o = ord(ch)
        if ch == " ":
            out.append("\u3000")
        elif 0x21 <= o <= 0x7E:
            out.append(chr(o + 0xFEE0))
        else:
            out.append(ch)
    return "".join(out)


def insert_at(s, positions, mark):
    for p in sorted(positions, reverse=True):
        s = s[:p] + mark + s[p:]
    return s


# ---------------------------------------------------------------- checksums

VALID_MOBILE = re.compile(
    r"^1(3\d|4[5-9]|5[0-35-9]|6[2567]|7[0-8]|8\d|9[0-35-9])\d{8}$")
ID_WEIGHTS = [7, 9, 10, 5, 8, 4, 2, 1, 6, 3, 7, 9, 10, 5, 8, 4, 2]
ID_CHECK = "10X98765432"


def id_check_char(body17):
    return ID_CHECK[sum(int(c) * w for c, w in zip(body17, ID_WEIGHTS)) % 11]


def id_valid(s):
    s = s.upper()
    if not re.fullmatch(r"\d{17}[\dX]", s):
        return False
    if id_check_char(s[:17]) != s[17]:
        return False
    try:
        d = datetime.date(int(s[6:10]), int(s[10:12]), int(s[12:14]))
    except ValueError:
        return False
    return 1950 <= d.year <= 2005


def luhn_ok(num):
    total = 0
    for i, ch in enumerate(reversed(num)):
        d = int(ch)
        if i % 2 == 1:
            d *= 2
            if d > 9:
                d -= 9
        total += d
    return total % 10 == 0


def luhn_digit(partial):
    for c in DG:
        if luhn_ok(partial + c):
            return c
    raise AssertionError


# ---------------------------------------------------------------- privacy data

MOBILE_PREFIXES = ([f"13{d}" for d in range(10)] +
                   [f"14{d}" for d in range(5, 10)] +
                   ["150", "151", "152", "153", "155", "156", "157", "158", "159"] +
                   ["162", "165", "166", "167"] +
                   [f"17{d}" for d in range(9)] +
                   [f"18{d}" for d in range(10)] +
                   ["190", "191", "192", "193", "195", "196", "197", "198", "199"])
BAD_MOBILE_PREFIXES = ["100", "101", "104", "110", "112", "120", "123", "125",
                       "140", "141", "142", "143", "144", "154", "160", "161",
                       "163", "164", "168", "169", "179", "194"]
AREA_CODES = ["110101", "110105", "310104", "310115", "440305", "440106",
              "330106", "320102", "510107", "420106", "370202", "210203",
              "350203", "500103", "610113", "120104", "430104", "410105",
              "130102", "340104"]
CARD_BINS = ["622202", "621700", "622848", "621483", "622588", "622262",
             "621226", "622700", "625965", "622609", "603367", "436742"]
CN_DIGITS = "零一二三四五六七八九"


def phone():
    return rng.choice(MOBILE_PREFIXES) + rstr(DG, 8)


def phone_cn():
    p = phone()
    yao = rng.random() < 0.5
    return "".join(("幺" if (c == "1" and yao) else CN_DIGITS[int(c)]) for c in p)


def id_number():
    area = rng.choice(AREA_CODES)
    lo = datetime.date(1950, 1, 1).toordinal()
    hi = datetime.date(2005, 12, 31).toordinal()
    born = datetime.date.fromordinal(rng.randint(lo, hi))
    body = area + born.strftime("%Y%m%d") + f"{rng.randint(1, 999):03d}"
    return body + id_check_char(body)


def bad_id_number():
    """18 chars, plausible date, WRONG check char, and (if all digits) not Luhn."""
    good = id_number()
    choices = [c for c in ID_CHECK if c != good[17]]
    rng.shuffle(choices)
    for c in choices:
        cand = good[:17] + c
        if c == "X" or not luhn_ok(cand):
            return cand
    raise AssertionError


def card(length=None):
    n = length or rng.choice([16, 19, 19, 16, 17])
    partial = rng.choice(CARD_BINS)
    partial += rstr(DG, n - 1 - len(partial))
    return partial + luhn_digit(partial)


def bad_card(n, prefix=None):
    partial = prefix if prefix else rng.choice(CARD_BINS)
    partial += rstr(DG, n - 1 - len(partial))
    good = luhn_digit(partial)
    return partial + rng.choice([c for c in DG if c != good])


def groups(s, sizes, sep):
    out, i = [], 0
    for k in sizes:
        out.append(s[i:i + k])
        i += k
    if i < len(s):
        out.append(s[i:])
    return sep.join(x for x in out if x)


SURNAMES = ["zhang", "wang", "li", "liu", "chen", "yang", "zhao", "huang",
            "zhou", "wu", "xu", "sun", "hu", "zhu", "gao", "lin", "he", "guo",
            "ma", "luo"]
GIVEN = ["wei", "fang", "min", "jing", "lei", "qiang", "jun", "yan", "jie",
         "tao", "ming", "chao", "xiu", "hui", "ping", "gang", "yu", "hao",
         "lin", "xin"]
MAIL_DOMAINS = ["qq.com", "163.com", "126.com", "gmail.com", "sina.com",
                "foxmail.com", "outlook.com", "hotmail.com", "yeah.net",
                "sohu.com"]


def qq_number():
    return str(rng.randint(1, 9)) + rstr(DG, rng.randint(7, 9))


def mail_local():
    s, g = rng.choice(SURNAMES), rng.choice(GIVEN)
    style = rng.randrange(4)
    if style == 0:
        return f"{s}{g}{rng.randint(1, 99)}"
    if style == 1:
        return f"{s}.{g}{rng.randint(1960, 2004)}"
    if style == 2:
        return f"{g}_{s}{rng.randint(100, 999)}"
    return f"{s[0]}{g}{rng.randint(1970, 2003)}"


def email():
    if rng.random() < 0.25:
        return qq_number() + "@qq.com"
    return mail_local() + "@" + rng.choice(MAIL_DOMAINS)


CITIES = [  # (city, district, roads in that district's city)
    ("北京市", "朝阳区", ["望京西路", "建国路", "朝阳北路"]),
    ("上海市", "浦东新区", ["张杨路", "世纪大道", "浦东南路"]),
    ("广州市", "天河区", ["天河北路", "体育西路", "中山大道"]),
    ("深圳市", "南山区", ["科苑南路", "南海大道", "桃园路"]),
    ("杭州市", "西湖区", ["文三路", "天目山路", "教工路"]),
    ("成都市", "武侯区", ["人民南路", "科华北路", "武侯大道"]),
    ("南京市", "鼓楼区", ["中山北路", "汉中路", "北京西路"]),
    ("武汉市", "洪山区", ["珞喻路", "雄楚大道", "鲁磨路"]),
    ("西安市", "雁塔区", ["小寨东路", "长安南路", "雁塔路"]),
    ("苏州市", "姑苏区", ["干将西路", "人民路", "十全街"]),
    ("天津市", "河西区", ["友谊路", "解放南路", "珠江道"]),
    ("重庆市", "渝北区", ["新牌坊路", "龙山大道", "红锦大道"]),
]
ESTATES = ["阳光花园", "翠湖苑", "金色家园", "绿地小区", "锦绣华庭", "碧水湾",
           "东方明珠苑", "丽景新村", "和平里小区", "紫荆公寓"]


def room():
    return f"{rng.randint(1, 32)}0{rng.randint(1, 4)}"


def address():
    city, dist, roads = rng.choice(CITIES)
    road = rng.choice(roads)
    n = rng.randint(3, 399)
    est = rng.choice(ESTATES)
    form = rng.randrange(4)
    if form == 0:
        return f"{city}{dist}{road}{n}号{est}{rng.randint(1, 30)}栋{rng.randint(1, 6)}单元{room()}室"
    if form == 1:
        return f"{dist}{road}{n}号院{rng.randint(1, 20)}号楼{rng.randint(1, 6)}单元{room()}"
    if form == 2:
        return f"{city}{dist}{est}{rng.randint(1, 40)}幢{room()}室"
    return f"{road}{n}号{rng.randint(1, 6)}单元{room()}室"


TC_PLACES = [("北京市", "朝陽區", "望京西路"), ("上海市", "浦東新區", "張楊路"),
             ("廣州市", "天河區", "天河北路"), ("深圳市", "南山區", "科苑南路"),
             ("杭州市", "西湖區", "文三路"), ("成都市", "武侯區", "人民南路")]


def address_tc():
    city, dist, road = rng.choice(TC_PLACES)
    return (f"{city}{dist}{road}{rng.randint(3, 399)}號院{rng.randint(1, 20)}號樓"
            f"{rng.randint(1, 6)}單元{room()}室")


# ---------------------------------------------------------------- credentials

PW_WORDS = ["Sales", "Admin", "Tiger", "Sunny", "Ocean", "Panda", "Lucky",
            "Happy", "Spring", "Winter", "Star", "Dragon", "Maple", "Rocket",
            "Cloud"]
PW_SYM = "!@#$%&*"
USERS = ["zhangwei", "wangfang01", "li.na", "ops_chen", "liuyang88",
         "sales_zhao", "hr_sun", "dev_huang", "fin_guo", "qa_lin"]


def password():
    style = rng.randrange(4)
    if style == 0:
        return rng.choice(PW_WORDS) + rng.choice(PW_SYM) + str(rng.randint(2019, 2025))
    if style == 1:
        return rstr(UP, 1) + rstr(LO, 2) + rstr(DG, 5)
    if style == 2:
        return rstr(ALNUM, 8) + rng.choice(PW_SYM) + rstr(ALNUM, 3)
    return rstr(LO, 3) + rng.choice(PW_SYM) + rstr(DG, 4) + rstr(UP, 2)


def code6():
    return str(rng.randint(100000, 999999))


def aws_key():
    return "AKIA" + rstr(UP + DG, 16)


def ghp_token():
    return "ghp_" + rstr(ALNUM, 36)


def sk_key():
    return "sk-" + rstr(ALNUM, 48)


def xoxb_token():
    return (f"xoxb-{rng.randint(10**12, 10**13 - 1)}-"
            f"{rng.randint(10**12, 10**13 - 1)}-{rstr(ALNUM, 24)}")


def b64url(raw):
    return base64.urlsafe_b64encode(raw).rstrip(b"=").decode()


def jwt():
    head = b64url(json.dumps({"alg": "HS256"}, separators=(",", ":")).encode())
    body = b64url(json.dumps({"uid": rng.randint(1000, 99999)},
                             separators=(",", ":")).encode())
    return f"{head}.{body}.{rstr(ALNUM + '-_', 43)}"


def rsa_body():
    return "MIIEpAIBAAKCAQEA" + rstr(B64, 40)


def openssh_body():
    return "b3BlbnNzaC1rZXktdjEAAAAABG5vbmUAAAAEbm9uZQ" + rstr(B64, 12)


GEN = {
    "ZW": lambda: ZW,
    "ZWJ": lambda: ZWJ,
    "NL": lambda: "\n",
    # credential values
    "PW": password,
    "PW_FW": lambda: fw(password()),
    "USER": lambda: rng.choice(USERS),
    "CODE": code6,
    "CODE_FW": lambda: fw(code6()),
    "CODE_SP": lambda: " ".join(code6()),
    "AWS": aws_key,
    "AWS_ZW": lambda: insert_at(aws_key(), [4, 12], ZW),
    "AWS_FW": lambda: fw(aws_key()),
    "AWSSEC": lambda: rstr(ALNUM + "/+", 40),
    "GHP": ghp_token,
    "GHP_SP": lambda: " ".join(re.findall(".{1,10}", ghp_token())),
    "GHP_ZWJ": lambda: insert_at(ghp_token(), [3, 14, 27], ZWJ),
    "SK": sk_key,
    "SK_FW": lambda: "ｓｋ－" + sk_key()[3:],
    "XOXB": xoxb_token,
    "JWT": jwt,
    "RSABODY": rsa_body,
    "SSHBODY": openssh_body,
    "HEX32": lambda: rstr("0123456789abcdef", 32),
    "LTAI": lambda: "LTAI5t" + rstr(ALNUM, 18),
    "ALISEC": lambda: rstr(ALNUM, 30),
    "AKID": lambda: "AKID" + rstr(ALNUM, 32),
    "GLPAT": lambda: "glpat-" + rstr(ALNUM + "-_", 20),
    "AUTHCODE": lambda: rstr(LO, 16),
    # personal data
    "PHONE": phone,
    "PHONE_SP": lambda: groups(phone(), [3, 4, 4], " "),
    "PHONE_DASH": lambda: groups(phone(), [3, 4, 4], "-"),
    "PHONE_DOTS": lambda: groups(phone(), [3, 4, 4], "."),
    "PHONE_FW": lambda: fw(phone()),
    "PHONE_CN": phone_cn,
    "PHONE_ZW": lambda: insert_at(phone(), [3, 7], ZW),
    "PHONE_SPALL": lambda: " ".join(phone()),
    "ID": id_number,
    "ID_SP": lambda: groups(id_number(), [6, 8, 4], " "),
    "ID_DASH": lambda: groups(id_number(), [6, 8, 4], "-"),
    "ID_FW": lambda: fw(id_number()),
    "CARD": card,
    "CARD_SP": lambda: groups(card(), [4, 4, 4, 4, 3], " "),
    "CARD_DASH": lambda: groups(card(), [4, 4, 4, 4, 3], "-"),
    "CARD_FW": lambda: fw(card()),
    "CARD_ZW": lambda: insert_at(card(16), [4, 8, 12], ZW),
    "EMAIL": email,
    "QQMAIL": lambda: qq_number() + "@qq.com",
    "QQNUM": qq_number,
    "EMAIL_AT": lambda: mail_local() + "[at]" + rng.choice(MAIL_DOMAINS),
    "EMAIL_DOT": lambda: (mail_local() + " at " +
                          rng.choice(MAIL_DOMAINS).replace(".", " dot ")),
    "EMAIL_FW": lambda: (mail_local() + "＠" +
                         rng.choice(MAIL_DOMAINS).replace(".", "．")),
    "EMAIL_HASH": lambda: mail_local() + "#" + rng.choice(MAIL_DOMAINS),
    "ADDR": address,
    "ADDR_TC": address_tc,
    # look-alikes for negatives
    "BADPHONE": lambda: rng.choice(BAD_MOBILE_PREFIXES) + rstr(DG, 8),
    "BADID": bad_id_number,
    "BADCARD16": lambda: bad_card(16),
    "BADCARD19": lambda: bad_card(19),
    "ORDER16": lambda: bad_card(16, "2024" + f"{rng.randint(1, 12):02d}"),
    "ORDER16_DASH": lambda: groups(bad_card(16, "2024" + f"{rng.randint(1, 12):02d}"),
                                   [4, 4, 4, 4], "-"),
    "DIGITS8": lambda: str(rng.randint(1, 9)) + rstr(DG, 7),
    "DIGITS9_SP": lambda: groups(str(rng.randint(1, 9)) + rstr(DG, 8), [3, 3, 3], " "),
    "DIGITS10": lambda: str(rng.randint(1, 9)) + rstr(DG, 9),
    "DIGITS12": lambda: str(rng.randint(1, 9)) + rstr(DG, 11),
    "DIGITS13": lambda: str(rng.randint(1, 9)) + rstr(DG, 12),
}


# ============================================================== content
# ---- abuse (4.1.1) ---------------------------------------------------------
ABUSE = r"""
c|这个需求改了八遍，产品经理就是个傻逼
c|你他妈的能不能先看一眼文档再来问我？
c|客户又改需求了，真他妈的烦死了
c|滚蛋，别在项目群里刷屏了
c|这点小事都做不好，你就是个废物
c|那个供应商的对接人就是个王八蛋，回款拖了三个月
c|操你妈，谁把测试环境的数据库删了？
c|你是猪吗？同一个bug提了三次还没修好
c|她就是个贱人，抢了我的客户还到处说我坏话
c|What the fuck is this build doing on prod?
c|Tell that idiot from procurement to read the contract before calling me.
c|She's been a total bitch to the interns all week.
c|白痴，报表里的公式又写错了
c|这个脑残设计到底是谁拍板的？
c|你个蠢货，合同编号都能填错
c|狗东西，收了定金就不接电话了
c|你给我滚出去，方案写成这样还好意思交？
c|Fuck off, I'm not covering your on-call shift again.
c|You're a useless piece of shit, the demo crashed because of you.
c|这帮傻逼运维半夜把服务重启了也不通知一声
c|妈的，又要加班到十点，这破项目
c|他妈的谁动了我工位上的显示器
c|傻逼甲方，付款条件一天一个样
c|你脑子有病吧，这种价格也敢往外报？
c|人事那个贱货又把我的请假单驳回了
c|老子不干了，这破公司全是一群废物
c|王八蛋，说好的提成到现在还没发
c|操，服务器又挂了，谁上的线？
c|你算什么东西，也配来指挥我干活？
c|闭嘴吧你个傻叉，会上别再插嘴了
c|狗日的物流，货又压了一个星期
c|给你脸了是吧？再在群里阴阳怪气试试
c|滚你妈的蛋，这个锅我不背
c|Are you fucking kidding me? The client call was at nine.
c|Stop being such a dumbass and check the logs first.
c|This vendor is run by a bunch of assholes, never again.
c|他妈的，报销单又被财务退回来了
c|你就是条狗，老板说什么你就舔什么
c|一群饭桶，上线前连冒烟测试都不跑
c|你这个死胖子别再霸占会议室了
c|什么垃圾客户，砍价砍到骨折还要开专票
c|你个老不死的，天天盯着我的考勤
c|去你妈的KPI，这个月谁爱干谁干
c|那个bitch又跑到老板那里告我的状
c|那个销售是个十足的混蛋，飞单还甩锅给我
c|Idiot, you sent the invoice to the wrong client again.
c|我看你是欠揍，交付延期了还一声不吭
c|傻逼才会信他说的下周一定回款
x|你们这种客户就是神经病，爱买不买
x|再拖着尾款不付试试，你个王八蛋
x|滚蛋吧，这单我们不做了，傻逼
x|你是不是有病？发票都开了还要退
x|Listen, you moron, the warranty expired last year.
c|操他妈的，代码冲突解决了一下午
c|这个实习生蠢得像猪一样，教三遍都不会
m|某些同行就是一群傻逼，只会抄我们的设计
cd|这个产品经理就是个傻 逼，需求天天变
cd|傻*逼测试又把预发环境搞挂了
cd|傻{ZW}逼甲方，付款又往后推了一个月
cd|那个对接人真是傻屄一个，文件都看不懂
cd|煞笔客户又来砍价了，烦不烦
cd|你是不是sha bi啊，合同发错人了
cd|shabi运维，半夜重启也不说一声
cd|你个ＳＢ，报表数字全是错的
cd|傻傻傻逼，会议室又被隔壁组占了
cd|他媽的，這個需求又改了，還讓不讓人活
cd|滾蛋，別再來煩我，方案你自己改
cd|你就是個廢物，這點小事都辦不好
cd|那個王八蛋又放我們鴿子了，貨款還沒到
cd|賤人，別在背後說我壞話
cd|f*u*c*k，服务器又崩了，周报白写了
cd|ｆｕｃｋ this deadline, I'm out
cd|What the f**k is wrong with QA today?
cd|你个b1tch，又抢我的客户
cd|王 八 蛋，说好今天回款的
cd|废~物，连个PPT都做不好
cd|尼玛，又让周末加班，这个月第三次了
cd|草泥马，谁改了我的配置文件
cd|你是zz吗？同一个问题问五遍
cd|你个sb，消息发错群了
cd|我操{ZWJ}你妈，谁把线上库删了
cd|煞筆，連個報價都算錯
cd|傻.逼领导又开了两小时的会
cd|你写的什么辣鸡方案，重写
cd|你个fw，客户都被你得罪光了
cd|他ma的，又要返工，测试到底看没看
cd|TMD，需求评审又推翻了
cd|cnm，谁把我的代码回滚了
cd|这个傻ｂｉ客户又来退货
cd|ＦＵＣＫ ＹＯＵ，别再给我打电话
cd|I'm so done with this id1ot manager
cd|sh!t, the server is down again and the client is online
cd|傻-逼供应商，又发错货了
cd|賤-人，抢单抢到我头上来了
md|有些同行真是傻{ZW}逼，价格战打到亏本
"""

# ---- rumour (4.1.3) --------------------------------------------------------
RUMOUR = r"""
c|紧急扩散！明天起所有银行卡要重新登记，否则冻结，转发给所有人
c|不转不是中国人！某国正在往我们的食品里加东西，大家小心
c|央视曝光：某品牌手机充电时会爆炸，速看，即将删除
c|国家规定明天起微信聊天要收费，赶紧转发告诉家人
c|据内部消息，公司要裁员一半，赶紧转发给兄弟们早做准备
c|速看，即将删除！老板要把公司卖了，内部人士透露的
c|紧急通知：明天起全市限水三天，请转发给所有人
c|公安部提醒：陌生人加微信发红包都是诈骗团伙，看到请转发十个群
c|听内部朋友说下个月全员降薪30%，大家快转出去
c|据群里传，园区明天封闭，所有人居家办公，转给所有同事！
c|央视新闻刚报道：喝隔夜茶会致癌，转发就是救人
c|国家规定从下月起退休年龄统一延迟到70岁，赶紧看，马上删
c|转发这条消息到三个群，就能领取移动送的100元话费
c|内部流出：今年年终奖不发了，HR不让说，大家转一下
c|紧急扩散：某小区出现大规模传染病，千万别去，已经封了
c|看到的人一定要转发！明天有强台风登陆，全市停工停课
c|据可靠消息，竞争对手老板被抓了，快转发让客户都知道
c|微信官方通知：下周开始所有账号重新实名，不转发的会被封号
c|吃香蕉和酸奶一起会中毒，已经有人进医院了，赶快告诉身边所有人
c|我朋友在卫健委，说下周全市停工，你们快转发
c|据内部人士透露，财务总监卷款跑路了，快传出去
c|紧急扩散：今晚12点后所有ETC卡失效，需要重新办理
c|央视曝光：外卖平台的米饭都是塑料做的，看完请转发
c|国家刚出规定，明天起个税起征点降到3000，赶紧转发
c|速转！公司食堂饭菜被查出有毒，已经有人住院了
c|转发到十个群可以免费领一张购物卡，亲测有效
c|明天这个消息就会被删，趁还在赶紧保存转发
c|传下去：下个月开始打卡改成人脸加指纹，不配合的直接开除
c|据知情人士说，下周一我们股价要暴跌，赶紧抛，转给亲戚朋友
c|各位注意！这个号段打来的电话一接就扣费，转给所有人提醒一下
c|官方辟谣都是假的，真实情况是疫苗有问题，大家快转发
c|最新消息：明天全国断网维修一天，转发给需要的人
c|卫生部紧急提醒：某种饮料含致癌物，请立即转发十个好友
c|紧急！公司网络中病毒了，收到此消息请马上转发给通讯录所有人
c|有人说老板下周要宣布全员降薪，转给你们组的人都知道一下
c|爆料：人事部长被纪委带走了，消息绝对可靠，快转发
c|朋友圈都在传，下月起社保缴费基数翻倍，你们快转出去
c|转发这条锦鲤，下周一定签大单，不转的这个季度零业绩
c|央视报道：用手机扫二维码就能领养老金补贴，速看速转
c|千万不要打开名为“年终奖明细”的文件，会盗走微信，转给家人朋友
c|号外！公司要被收购了，新东家第一件事就是裁员，快扩散
c|国务院刚发文，五一放假调整为十天，赶紧转给大家
c|内部渠道说：明天起所有出差补贴取消，快告诉所有人
c|刚看到的，马上就要删了：某银行要倒闭了，存款赶紧取出来
c|Forward this to everyone you know: WeChat will start charging per message from Monday!
c|URGENT, pass this on: the CEO resigns tomorrow, insiders confirmed. Share before it gets deleted!
c|此消息已证实：下周起地铁停运一个月，请转发到各个群
c|速看！即将删除：新病毒通过空调传播，公司明天停工
x|各位客户请注意：国家规定下月起进口产品全部涨价50%，现在下单还来得及，赶紧转发
x|王总，据内部消息，你们行业下个月要全面停产整顿，您赶紧转告同行
c|不转发的都不是我们部门的人！这个消息必须让全公司知道
c|紧急通知！收到请转发：今晚起所有外卖App停止营业三天
m|紧急扩散！本市自来水检出病毒，这几天千万别喝，转给家人
m|央视曝光：某款电动车电池会自燃，速看，即将删除，转起来
c|紧急扩散！领取国家补贴点这里 http://butie-gov.top/lq ，不转不是中国人|link
cd|緊急擴散！明天起所有銀行卡要重新登記，轉發給所有人
cd|不轉不是中國人！這件事一定要讓所有人知道
cd|央視曝光：某品牌奶粉有問題，速看，即將刪除
cd|據內部消息，公司要裁員一半，趕緊轉發
cd|紧 急 扩 散：明天起全市停水，请转发给所有人
cd|紧*急*扩*散！公司要搬到郊区，不去的算主动离职
cd|紧{ZW}急扩散：某品牌充电宝会爆炸，转{ZW}发给所有人
cd|jin ji kuo san！明天起微信要收费了，大家快转
cd|不zhuan不是中国人，这件事必须让大家都知道
cd|速kan，即将shan除：老板要把公司卖了
cd|央shi曝光：外卖米饭是塑料做的，快转发
cd|据内bu消息，今年年终奖取消，赶紧zhuan发
cd|紧急扩伞！下周一全市停电，告诉所有人
cd|秧视曝光：自来水里检测出重金属，速转
cd|国家规丁明天起所有人都要重新办社保卡，赶快转发
cd|ＵＲＧＥＮＴ：ｆｏｒｗａｒｄ ｔｏ ｅｖｅｒｙｏｎｅ, the office is closing next week!
cd|【紧-急-扩-散】明天起公司取消所有年假，转给同事
cd|紧🔥急🔥扩🔥散：公司要全员降薪，大家快看
cd|緊急通知：國家規定明天起微信聊天收費，請轉發
cd|看完速转❗即将删❗除：高层要大换血
cd|不-转-不-是-中-国-人，这个真相一定要知道
cd|速 看，即 将 删 除：内部名单流出，第一批裁员就是我们组
cd|內部消息，下個月全員降薪，趕緊轉給大家
cd|據可靠消息，董事長被帶走調查了，快擴散
cd|转发给所{ZW}有人！明天全市地铁停运
cd|sù kàn，jí jiāng shān chú！银行明天起暂停取款
cd|不转不是中國人！食堂用的是地沟油，已经被曝光了
"""

# ---- secret (5.2.1) --------------------------------------------------------
SECRET = r"""
c|机密：Q3营收4.72亿，同比增长18%，财报下周才发，先别外传
c|绝密，董事会决定下个月收购华拓科技，收购价3.6亿
c|内部资料请勿外传：2025年产品路线图，附件已发群里
c|仅限内部：华东区大客户名单，一共42家，见下表
c|跟你说个数，还没公布：今年上半年净利润1.35亿
c|这单的底价是每台2860元，再低就亏了，你心里有数
c|报价单发你了，给星辰贸易的是含税单价148元，别转给别人
c|合同金额是1280万，分三期付款，还没对外公开
c|客户名单发你：宏远物流张总、新华食品李总、东方电气王总，联系人都在表里
c|三月份的工资条发你看一下，部门每个人的都在里面
c|薪资表发你了，研发部全员的base和年终都有
c|核心算法的源代码我打包发你微信了，你回家看看
c|新版本的架构设计文档发你了，内部评审稿，别外传
c|未公布的数据：Q2毛利率是31.4%，比预期低了三个点
c|投标底价定了，580万，千万别透露给其他供应商
c|这次竞标我们报的是单价36.8元一件，总价221万
c|这是还没发布的财报草稿，营收同比下降12%，你先看看
c|年终奖方案（保密）：P6以上3个月，P5两个月，P4一个月
c|给你看下A客户的合同，总额2350万，回款节点都在第5页
c|这是我们渠道的进货价清单，出厂价比市面低40%
c|我把CRM里导出的全部客户名单发你私人邮箱了
c|新产品的BOM成本是每台412元，定价还没定，别外传
c|Confidential: FY24 Q3 revenue came in at 51.2M, not public until the 28th.
c|Internal only – the floor price for the Tianyu deal is 1.9M, don't go below it.
c|我们和恒通的框架合同是三年4800万，这个数千万别让竞争对手知道
c|裁员名单初稿发你了，一共37人，还没定稿
c|研发的薪资带宽：P7年包45到60万，P8年包60到85万，HR内部表
c|给你发一份采购部内部用的供应商报价对比表
c|整个支付模块的源码都在这个压缩包里，我先发你
c|芯片的原理图和PCB文件发你了，别传出去
c|下季度的促销底价表发你，经销商还不知道
c|下周要公布的组织架构调整方案，你先看，机密
c|我们给华源的报价是每套18.6万，比上次降了8%
c|未发布新品的参数表：续航26小时，售价预计3999元
c|客户清单带联系人和年采购量，我直接拍照发你了
c|董事会纪要（绝密）：明年预算削减15%，研发除外
c|合同签了，金额960万，预付30%，对外先别说
c|我们今年的内部销售目标是12亿，别在客户面前说
c|调薪名单发你看看，谁涨了多少都写着
c|东区经销商的返点政策：年采购过500万返6%，严格保密
c|第三季度未审计利润是8700万，董事会还没批
c|内部报价单：标准版每年9.8万，企业版26万，最低可以打七折
c|给你截图了HR系统里的全员工资表
c|产品设计稿V3发你了，这个还没给客户看过
c|我们的成本结构：原材料占62%，人工18%，别外传
c|Attached is the customer list export from Salesforce, 1,200 accounts with contacts.
c|仅供内部参考：下半年计划关闭西南区两个办事处
c|这套风控模型的源码和参数都发你了，别说是我给的
x|给您透个底，我们的底价是每吨4150元，别让其他人知道
x|王总，这是我们内部的报价单，给别的客户都没有这个价
x|机密文件先发您看，季度营收4.72亿，下周董事会才讨论
x|这是另一家客户的合同，签的是每年88万，您参考一下
x|李经理，我们下一代产品的设计图纸发您了，还没量产
cd|機密：Q3營收4.72億，同比增長18%，財報下週才發
cd|絕密，董事會決定下個月收購華拓科技，收購價3.6億
cd|內部資料請勿外傳：2025年產品路線圖，附件在群文件
cd|机*密：下季度预算表发你了，研发砍了15%
cd|机 密 文 件发你看看：今年的调薪方案，别外传
cd|ji mi：今年净利润预计1.35亿，还没公布，先别说出去
cd|jue mi：收购价定在3.6亿，董事会下周表决
cd|底jia是每台2860，别告诉客户
cd|底{ZW}价是每吨4150元，再低就不做了
cd|报jia单发你了，给星辰贸易的含税单价148
cd|三月工资tiao发你看一下，全组的都在
cd|薪zi表我拍照发你了，研发部全员的
cd|ＣＯＮＦＩＤＥＮＴＩＡＬ：Q3 revenue 51.2M, not public until the 28th
cd|C0nfidential – floor price for the Tianyu deal is 1.9M
cd|客户名dan发你了，华东区42家都在里面
cd|客戶名單發你：宏遠物流、新華食品、東方電氣，聯繫人都在
cd|報價單發你了，單價148元，別轉給別人
cd|源dai码打包发你了，支付模块的全部源文件
cd|鸡密哈：年终奖方案P6以上三个月，别说出去
cd|机{ZWJ}密：下周组织架构调整名单，先给你看
cd|仅-限-内-部：大客户名单和采购量，见附件
cd|未公bu的营收数字：4.72亿，比预期高
cd|合同jin额是1280万，对外先别说
cd|四月的工資條發你了，你對一下
cd|薪資表發你，研發部全員的都在
cd|我们的底價：每套18.6萬，別讓競品知道
cd|機*密：東區經銷商返點政策，年採購過500萬返6%
cd|jue 密：明年预算削减15%，研发除外
"""

# ---- credential (5.1.1, 5.1.2) ---------------------------------------------
CREDENTIAL = r"""
c|测试服的管理员密码是{PW}，用完记得退出
c|我邮箱密码是{PW}，你帮我看下有没有客户回信
c|会议室WiFi密码：{PW}
x|访客WiFi选Guest-5F，密码 {PW}，连不上再找我
c|VPN账号{USER}，密码{PW}，今晚先用我的
c|验证码{CODE}，帮我填一下，我在开车
c|短信验证码是{CODE}，五分钟内有效，你赶紧登
c|服务器root密码{PW}，别改
c|数据库连接串：user=admin password={PW}
c|堡垒机登录密码改成{PW}了，大家更新一下
c|财务系统账号{USER}，密码{PW}
c|这是AWS的key：{AWS}，先用着
c|GitHub token给你：{GHP}
c|OpenAI的key先用我的：{SK}
c|slack机器人的token是{XOXB}
c|接口调试用这个：Bearer {JWT}
c|私钥贴这里了：{NL}-----BEGIN RSA PRIVATE KEY-----{NL}{RSABODY}
c|我的企业微信账号借你用一下，密码私聊发你
c|我的号借你登一下，帮我把上月报表导出来
c|帮我登一下我的账号，审批流卡在我这了
c|OA账号借你用，明天还我
c|你直接用我的账号登CRM吧，反正权限一样
c|把你的钉钉账号借我用一下，我的被锁了
c|我手机在你那，帮我登一下我的微信回一下客户
c|你先用我的工号{USER}登录系统帮我打个卡
c|支付密码{CODE}，帮我把这笔采购付了
c|我的工资卡密码是{CODE}，帮我去取一下
c|机房门禁密码是{CODE}#，进去记得关门
c|Jenkins的API token：{HEX32}
c|阿里云AccessKey ID：{LTAI} Secret：{ALISEC}
c|git clone的时候用这个token：{GHP}
c|export OPENAI_API_KEY={SK}
c|password: {PW}（stg环境，别外传）
c|The admin login is admin / {PW}, please change it after the demo.
c|Here is the prod DB password: {PW}
c|Use my account to approve the PO: user {USER}, pass {PW}
c|这是登录验证码{CODE}，你帮我输一下
c|动态口令{CODE}，赶紧输入
c|WiFi：CorpNet-3F / {PW}
c|打印机管理后台密码{PW}
c|我把微信号借你，你帮我跟客户聊，密码{PW}
x|王总，这是系统的体验账号{USER}，密码{PW}，您直接登
c|新来的同事先用我的账号{USER}/{PW}登录测试平台
c|邮箱的授权码是{AUTHCODE}，配置客户端用
c|Redis密码{PW}，端口6379
c|腾讯云SecretId：{AKID}
c|ssh私钥发你了：{NL}-----BEGIN OPENSSH PRIVATE KEY-----{NL}{SSHBODY}
c|AWS_SECRET_ACCESS_KEY={AWSSEC}
c|小程序的AppSecret是{HEX32}，别提交到仓库
c|GitLab的personal token：{GLPAT}
c|刚收到的验证码是{CODE}，你帮我登一下后台
c|我的QQ号借你登一下，密码{PW}
c|你的账号借我用两天，我的权限还没批下来
c|Can you log into my Jira account and close the tickets? password is {PW}
c|测试后台 http://10.2.3.4:8080/admin ，账号admin，密码{PW}|link
cd|密碼是{PW}，測試服的，用完退出
cd|密 码 是 {PW}，别外传
cd|mi ma：{PW}，财务系统的
cd|mima是{PW}，邮箱登录用
cd|mm：{PW}，VPN的
cd|密{ZW}码：{PW}，堡垒机
cd|验证码 {CODE_FW}，帮我填一下
cd|验证码：{CODE_SP}，你快点输
cd|驗證碼{CODE}，五分鐘有效
cd|yan zheng ma {CODE}，快帮我点确认
cd|蜜码是{PW}，服务器的
cd|秘码{PW}，数据库管理员账号
cd|pwd：{PW}（生产库）
cd|p a s s w o r d：{PW}
cd|ＷｉＦｉ密码：{PW_FW}
cd|AWS key：{AWS_ZW}
cd|token给你：{GHP_SP}
cd|key：{SK_FW}
cd|帳號借你用，密碼私聊發你
cd|我的号jie你登一下，帮我导个表
cd|zhang hao借你用两天，别乱改设置
cd|账{ZW}号借你用，明天还我
cd|帮我deng一下我的账号，审批卡住了
cd|我的號借你登一下，幫我回客戶消息
cd|yzm {CODE}，帮我登一下
cd|Ｐａｓｓｗｏｒｄ：{PW}
cd|密-码-是{PW}，测试环境
cd|VPN的mi码{PW}，你先用
cd|AWS：{AWS_FW}
cd|拉代码用这个：{GHP_ZWJ}
"""

# ---- privacy (3.2.1) -------------------------------------------------------
PRIVACY = r"""
c|客户王女士的手机{PHONE}，你直接联系她确认收货
c|新来的实习生小刘电话{PHONE}，有事找他
c|张总的私人号码是{PHONE}，别说是我给的
c|这个投诉客户的身份证号{ID}，你查一下他的订单
c|帮我订机票，同事李明的身份证{ID}
c|供应商老陈的银行卡号{CARD}，货款打这张
c|客户给的退款卡号{CARD}，户名赵敏
c|客户的私人邮箱是{EMAIL}，以后直接发这里
c|刘经理家住{ADDR}，礼品寄这里
c|那个离职员工的家庭住址是{ADDR}
c|王阿姨的电话{PHONE}，住{ADDR}
c|候选人陈浩，手机{PHONE}，邮箱{EMAIL}
c|这位客户身份证{ID}，手机{PHONE}，帮他开户
c|周姐家的地址是{ADDR}，周末去拜访一下
c|面试者的手机号{PHONE}，约明天下午三点
c|用户信息给你：李强，{ID}，{PHONE}
c|员工小张的工资卡号{CARD}，你更新到系统里
c|Customer contact: Ms. Zhao, mobile {PHONE}, email {EMAIL}
c|Her home address is {ADDR}, send the samples there.
x|王总，您要的那个经销商老板的电话是{PHONE}，您直接打
x|我们之前的客户孙先生电话{PHONE}，您可以找他问问使用体验
c|老板让我把他爱人的身份证号{ID}发给行政办签证
c|快递员说收件人手机{PHONE}打不通，地址是{ADDR}
c|这个差评用户叫黄磊，手机号{PHONE}，家住{ADDR}
c|前台登记的访客身份证{ID}，你核对一下
c|我把销售部所有人的手机号整理好了：{PHONE}、{PHONE}……
c|投诉人电话{PHONE}，邮箱{EMAIL}，今天之内回电
c|你要的那个网红的私人微信绑定手机是{PHONE}
c|给客户退押金的卡：{CARD}，开户行建设银行
c|小李的爱人叫林芳，电话{PHONE}
c|新员工入职资料：赵磊，身份证{ID}，工资卡{CARD}
c|这是大客户周总的家庭地址{ADDR}，中秋送礼用
c|帮我查一下这个人：身份证{ID}
c|客户的QQ邮箱是{QQMAIL}，发票发过去
c|离职同事孙浩的新手机号{PHONE}，有人找他可以打
c|你把罗女士的信息登记一下：{PHONE}，{ADDR}
c|这个供应商法人的身份证号是{ID}，核验一下
c|把货寄到我朋友家：{ADDR}，收件人陈静{PHONE}
c|那个催款的客户手机号{PHONE}，你去跟他沟通
c|Please call the candidate at {PHONE}, her personal email is {EMAIL}.
c|He lives at {ADDR}; ID number {ID}.
c|报销打款账户：{CARD}（王芳的卡）
c|保险理赔需要：被保人身份证{ID}，银行卡{CARD}
c|车主手机号{PHONE}，车停在我们门口挡道了
c|帮我把这个学员的邮箱{EMAIL}加到课程群
c|新客户的老板娘电话{PHONE}，很好说话
c|业主家的门牌是{ADDR}，明天去量房
c|给你个潜在客户：钱总，{PHONE}，{EMAIL}
x|刘总，我们另一个客户的联系方式：{PHONE}，您可以问问他
x|这是我们客户赵女士的住址{ADDR}，您那边安排送货
c|前员工身份证复印件上的号码是{ID}
c|麻烦把快递寄给HR王姐，她家在{ADDR}
cd|客户的手机{PHONE_SP}，你打过去问问
cd|张总电话{PHONE_DASH}，别说是我给的
cd|手机：{PHONE_FW}，这是那个投诉的客户
cd|她的电话是{PHONE_CN}，记一下
cd|手机{PHONE_ZW}，新来的供应商老板
cd|身份证{ID_SP}，帮他订高铁票
cd|身份證{ID}，幫他辦一下入住
cd|卡号{CARD_SP}，货款打这里
cd|卡號{CARD_DASH}，戶名陳麗
cd|客户邮箱{EMAIL_AT}，资料发他
cd|私人邮箱 {EMAIL_DOT}，别写错了
cd|她的邮箱{EMAIL_FW}，资料发过去
cd|劉經理家住{ADDR_TC}，禮品寄這裡
cd|电话{PHONE_DOTS}，客户李先生
cd|手机{PHONE_SPALL}，晚上再打
cd|身份证号：{ID_FW}
cd|银行卡 {CARD_FW}，户名周强
cd|客户电话：{PHONE_SP}，地址：{ADDR}
cd|sfz：{ID_SP}，帮他开户
cd|这个客户的卡号是{CARD_ZW}
cd|Mobile: +86 {PHONE_SP}, she prefers calls after 6pm
cd|邮箱是{EMAIL_HASH}（#换成@）
cd|身份证 {ID_DASH}，帮他登记
cd|电话{PHONE_CN}，家住{ADDR}
cd|QQ邮箱 {QQNUM} at qq dot com，客户本人的
cd|手機{PHONE_DASH}，住{ADDR_TC}
"""

# ---- exaggeration (4.3.2): all Moments posts --------------------------------
EXAGGERATION = r"""
m|全网最低价！本店空气净化器今天下单立减500
m|史上最强补水面膜，敷一次年轻十岁
m|国家级品质，我们的茶叶是真正的顶级大红袍
m|行业第一品牌，连续五年销量遥遥领先
m|这款保健品100%有效，三天见效
m|这款理财保本保息，年化12%，稳赚不赔
m|零风险投资，跟着我做，月入过万不是梦
m|祖传秘方，根治颈椎病腰椎病，包治百病
m|最佳选择！全城最便宜的装修套餐，没有之一
m|顶级工艺，极致体验，这台净水器是你唯一的选择
m|Guaranteed returns of 15% a year with zero risk, DM me to invest!
m|The best CRM on the planet, the No.1 choice of every company.
m|本月特惠，全网最低，错过再等一年
m|史上最低折扣，买到就是赚到
m|降压神药，吃一个疗程永不复发
m|我们的考证培训通过率100%，不过全额退款
m|全国销量第一的智能门锁，品质最好
m|最先进的技术，最优惠的价格，最贴心的服务，就在我们公司
m|国家级非遗技艺，顶级手工，权威专家推荐
m|加盟我们，三个月回本，稳赚不赔
m|独家配方，一周减重20斤，绝对不反弹
m|买保险就选我们，100%理赔，零风险
m|全球首款，世界领先，行业唯一的智能翻译笔
m|本店牛排全城最好吃，不好吃不要钱
m|这款面霜是护肤界的天花板，极致奢华体验
m|史上最强大的办公软件，效率提升300%
m|第一品牌空调，质量最可靠，十年不坏
m|顶级配置，性价比之王，全网独一份
m|投资黄金稳赚不赔，年收益保底20%
m|治疗失眠100%有效，一贴见效
m|全网最全的考试资料，保过！
m|最好的少儿英语课，保证三个月开口说
m|国家级专家坐诊，根治脱发，无效退款
m|全城最低价，比厂家直销还便宜
m|业内公认第一，最受欢迎的SaaS系统
m|极致性价比，史上最低价，手慢无
m|喝我们的蜂蜜，糖尿病也能根治
m|今年最火爆的款式，最时尚最百搭
m|这款理财零风险，保证本金安全还有高收益
m|全世界最舒服的床垫，睡一晚你就知道
m|我们的净水器能去除100%的有害物质
m|顶级品牌同厂直供，品质全国第一
m|全球销量冠军，中国第一品牌扫地机器人
m|行业最高标准，国家级实验室检测，最安全的奶粉
m|名校保录取，不录取全额退费
m|包治百病的理疗仪，老人用了都说好
m|一次治愈永不复发，祛痘效果最好
m|专业团队带你投资，稳赚不赔，翻十倍不是梦
m|Best price in China, lowest on the whole internet, guaranteed!
m|The world's No.1 ergonomic chair, 100% pain-free or your money back.
m|我们的课程是国家级精品，学完月薪过万
m|零风险加盟，总部包赚钱，名额只剩十个
m|全网最低价，戳 https://promo.xinghe-mall.cn/sale 立即抢购|link
md|全网最di价！空气净化器今天下单立减500
md|全網最低價，錯過再等一年
md|史上最強補水面膜，敷一次年輕十歲
md|國家級品質，頂級大紅袍，限量供應
md|N0.1品牌智能锁，销量遥遥领先
md|这款保健品１００％有效，三天见效
md|理财稳zhuan不赔，年化12%
md|穩賺不賠的好項目，名額有限
md|保 本 保 息，年化12%，欢迎咨询
md|零風險投資，月入過萬不是夢
md|祖传秘方，根zhi颈椎病
md|包治百bing的理疗仪，老人都说好
md|最*低*价，全城独一家
md|顶{ZW}级工艺，极{ZW}致体验
md|史上最qiang办公软件，效率翻三倍
md|ｇｕａｒａｎｔｅｅｄ ｒｅｔｕｒｎｓ, zero risk, join now
md|全网最🔥低价，今晚截止
md|理财产品稳赚不陪，保本保夕
md|弟一品牌扫地机器人，全国销量领先
md|全网醉低价，手慢无，今晚十二点截止
md|鼎级配置，性价比之王
md|0风险加盟，三个月回本
md|jue对有效，无效退款，祛痘神器
md|根.治脱发，国家级专家坐诊
md|全-网-最-低-价，只限今天
md|第①品牌奶粉，妈妈们的首选
md|Ｎｏ．１的装修公司，全城最划算
md|包zhi百病，一贴见效
"""

# ---- link (5.3.1) ----------------------------------------------------------
LINK = r"""
c|活动页面在这里 https://promo.xinghe-mall.cn/spring?ref=wx
c|安装包下载：http://download.abc-soft.top/setup_v3.exe
c|点一下这个 www.youhui-jie.com 就能领券
c|资料传网盘了：https://pan.baidu.com/s/1xYzQ8kLmN3
c|看这个 t.cn/A6xK9pQz，说是内部福利
c|填问卷：bit.ly/3kQ9xZp，五分钟搞定
c|测试环境后台 http://10.2.3.4:8080/admin
c|数据看板在 http://192.168.31.20:9000/report
c|新品都挂在 example-shop.cn 上了
c|去 abc.top 注册一下就能领试用
c|客户发来的链接 https://login-verify.xyz/wechat 让我登录，能点吗？
c|我在 https://docs.qq.com/sheet/DQkFtYWxxb3Zp 建了排班表
c|报名地址：https://www.jinshuju.net/f/aB3dEf
c|领红包：http://hb.fafa88.vip/r?id=20931
c|短链接 dwz.cn/Ab3xYz 打开就是报名表
c|会议链接 https://meeting.tencent.com/dm/Xy8Zk2Lq
c|Check this issue: https://github.com/acme-labs/chatscan/issues/12
c|公网回调地址 http://47.96.113.25/pay/notify
c|FTP在 ftp://172.16.8.9/share/，设计稿都在里面
c|官网首页改版了，www.huatuo-tech.com 你看看效果
c|招聘链接 www.zhaopin-job.cn/apply?id=8812 帮忙发给朋友
c|秒杀活动 huodong-618.shop 今晚八点开始
c|兼职刷单去 kuaizhuan.club 看看
c|新店上线了 xinpin.store 帮忙看看页面
c|免费领取资料 mianfei-ziliao.online
c|这个游戏 yx-game.site 下载要小心
c|对方发了个 login-wx.icu 的链接说账号异常
c|这个视频你看看 https://v.douyin.com/iRkB2pQ/
c|客户的对账单在 https://share.weiyun.com/5Kx9Qz
c|接口文档：https://api-docs.internal-dev.cn/v2/orders
c|帮我打开一下 http://172.20.1.15:3000 看看能不能访问
c|竞品官网 www.ruida-robot.com.cn 上有新品介绍
c|https://mp.weixin.qq.com/s/Q8xYz3kLmN2 这篇行业分析不错
c|直播间链接：https://live.kuaiyin-tv.top/room/8812
c|Download the deck from https://drive.google.com/file/d/1aBcD3eFgH
c|Our survey lives at surveymonkey.com/r/QX9KLM
c|Vendor portal: http://portal.supplier-hub.net/login
c|点 url.cn/5Qx7Zk 进群
c|优惠券：suo.im/6Jk8Pq
c|这个 tinyurl.com/y7kx3pqz 打开是啥？
c|我的作品集 www.li-design.work 有空看看
c|课程回放 https://edu.xuetang-online.cn/course/4421
c|IT说更新驱动去 http://10.0.12.8/drivers/
c|下载APP：app.jiankang-guanjia.cn/download
c|快看 https://h5.qiaoqiao-game.fun/act 抽奖
c|去 shop.xiaoyu-tea.com 下单，我给你打折
x|王总，产品介绍在 https://www.hengtong-tech.cn/products，您看一下
x|您可以在 www.service-center.top 提交售后申请
x|报名链接发您：https://f.wps.cn/w/Kq9LmZ
x|Here's the demo link: https://demo.chatscan-saas.io/trial
c|这个钓鱼网址 http://wx-safety-check.com/verify 大家别点
c|新的管理后台 https://admin.kefu-system.cn 账号问运维
m|新品上线啦，详情请看 www.xinpin-store.cn
m|周年庆抽奖入口：https://h5.xinghe-mall.cn/lucky
cd|活动页面 hxxp://promo.xinghe-mall.cn/spring
cd|客户发的 hxxps://login-verify.xyz/wechat 大家别点
cd|官网是 xinghe-mall[.]cn，新品都在上面
cd|点 youhui-jie(.)com 领券
cd|去 youhui-jie点com 看看，优惠挺大
cd|网址 youhui-jie．com 复制到浏览器打开
cd|ｗｗｗ．huatuo-tech．com 首页改版了
cd|h t t p s : / / promo.xinghe-mall.cn/vip
cd|www.xinghe{ZW}-mall.cn/spring 打不开的话换浏览器
cd|短链接 bit[.]ly/3kQ9xZp
cd|链接是 t点cn/A6xK9pQz
cd|https：//docs.kuaiwen-tech.cn/share/88 复制打开
cd|hXXp://47[.]96[.]113[.]25/pay 这个付款页面有点可疑
cd|搜 abc dot top 注册一下
cd|领红包 hb.fafa88。vip/r?id=20931
cd|网站 www、youhui-jie、com 在微信里打不开
cd|ｈｔｔｐｓ://mianfei-ziliao.online/get 免费资料
cd|kuaizhuan 点 club 兼职赚钱
cd|http ://10.2.3.4:8080/admin 后台，中间空格删掉
cd|下载地址 download.abc-soft{ZW}.top/setup.exe
cd|xinpin[dot]store 新店页面帮我看看
cd|login-wx［.］icu 这个链接说账号异常
cd|ｗｗｗ.yx-game.site 下载游戏
cd|huodong-618·shop 今晚八点秒杀
cd|h-t-t-p-s://share.weiyun.com/5Kx9Qz 对账单
cd|surl[.]cc/Xk9Qp 点开就能领
cd|内网地址 10[.]2[.]3[.]4:8080/admin
md|关注我们的新店 xinpin点store，开业大酬宾
"""

# ============================================================== hard negatives
CLEAN = r"""
c|这个傻瓜相机拍出来的效果还挺好，团建就用它
c|新系统是傻瓜式操作，培训半小时就够了
c|他妈妈今天住院了，他请了两天假
c|小王说他妈妈做的月饼特别好吃，明天带给大家
c|操作手册我更新到第三版了，大家看最新的
c|下午在操场搞团建，记得穿运动鞋
c|食堂今天的番茄炒鸡蛋不错，推荐
c|园区门口有一条狗，晚上下班大家注意
c|请大家按垃圾分类的要求投放，行政会检查
c|截止日期逼近了，今晚可能要加个班
c|这个渲染效果很逼真，客户肯定喜欢
c|别把供应商逼得太紧，给他们一周时间
c|仓库的废物回收周三来收，纸箱先别扔
c|库存清仓，旧款打算低价贱卖一批
c|他听完我们的方案直接傻眼了，说回去再考虑
c|今晚的鸡尾酒会在三楼宴会厅
c|The cocktail reception starts at 6pm in the lobby.
c|Please finish the risk assessment before Friday.
c|Our class on negotiation skills is on Thursday afternoon.
c|The shipment to Scunthorpe has been delayed by two days.
c|滚动字幕的速度调慢一点，现场看不清
x|您好，洗衣机滚筒的问题售后明天上门处理
c|线上有问题就先回滚到上个版本
c|这批皮蛋客户反馈有点咸，跟工厂说一下
c|草稿已经发你了，看完给点意见
m|草莓味的新品下周上架，欢迎来尝
c|日程表我已经同步到共享日历了
c|干活干活，周五前把周报交了
c|狗粮撒得满屏都是，恭喜小李订婚
c|干杯！庆祝项目顺利上线
c|小周做事比较慢，但很踏实，大家多带带他
c|鸡毛蒜皮的小事就别在大群里讨论了
c|蛋糕订好了，下午三点给寿星送过去
c|笨鸟先飞，我先把PPT框架搭起来
c|我们的吉祥物是一只柴犬，周边下周到
c|这个项目让你操心了，辛苦
c|竞品蠢蠢欲动，我们得加快节奏
c|大家废寝忘食地赶进度，辛苦了，周五请吃饭
c|客户数量像滚雪球一样增长，客服要扩招了
c|月底了，逼单的时候注意话术，别让客户反感
c|电脑又死机了，IT能来看一下吗
m|年货礼盒里有猪肉脯和坚果，欢迎预订
c|Our Fukuoka client confirmed the order this morning.
c|That English idiom confused the client a bit.
c|My assistant will pass the documents to you tomorrow.
c|Cumulative sales for the quarter look healthy.
c|The flight to Amsterdam is booked for Monday.
c|The Essex distributor wants samples by next week.
c|Hancock from the UK team will join the call.
c|Please update the shell script and the hello-world sample.
c|The cockpit dashboard for the logistics team looks great.
c|We need to assess the damage to the warehouse after the storm.
c|The Dickens reading club meets on Friday at lunch.
c|他妈妈是我们的老客户了，一直在我们店买茶叶
c|小刘的狗狗生病了，他下午请假带去宠物医院
c|这款傻瓜相机的库存还剩多少？
c|午饭吃鸡蛋灌饼还是黄焖鸡？
c|体操比赛的赞助方案我看过了
c|这个操作流程太复杂了，能不能简化一下
c|滚轮鼠标坏了，找行政领一个新的
c|明天早上操场升旗，全员参加
c|请大家发言文明，有分歧私下沟通
c|客户群里注意措辞，不要说脏话
c|Passive income is not a thing we promise clients.
c|The Sussex office closes early on Friday.
c|转发一下会议纪要，没参会的同事看一下
c|听说明天下雨，团建改到室内了
c|麻烦把培训通知转发给项目组的同事
c|紧急：线上支付接口报错，值班同学看一下
c|紧急通知：今天下午三点消防演练，请大家准时下楼
c|按国家规定，年假天数跟工龄挂钩，具体看员工手册
c|昨晚央视新闻报道了我们参加的展会，挺有面子
c|测试数据用完记得删除，别占空间
c|听说新来的总监以前在大厂，挺厉害的
c|据说食堂下个月要换供应商了
c|我转发给你一份客户的需求文档，你看看
c|这篇行业报告写得不错，转给大家学习一下
c|群里的传言别信，公司没有裁员计划，以HR通知为准
c|收到那种让你转发十个群的消息，直接忽略就行
c|公司正式通知以OA为准，微信群里的消息不要乱传
c|前台的香薰扩散器没电了，谁去换一下
c|最新消息：客户同意延期一周了
c|重要提醒：明天上午九点全员大会，别迟到
c|国家规定的法定节假日加班是三倍工资，这个月的已经核算了
c|紧急扩容：服务器磁盘快满了，运维今晚处理
c|帮我转发到客户群里，告诉他们系统升级的时间
c|听说明天要降温，大家多穿点
c|删除的文件在回收站里还能找回来
c|这篇推文的转发量破万了，市场部干得漂亮
c|能帮忙转发一下我们的招聘启事吗？
c|I heard the client meeting moved to Tuesday.
c|Please forward the minutes to everyone who missed the call.
c|速度再快一点，客户那边在等回复
c|扩散片的样品到了，光学组来领一下
c|内部通知：下周一起新的报销流程上线
c|听说竞品发布了新版本，有空研究一下
c|这条消息请转发给你们部门负责人
c|央视的采访安排在下周三，公关部在对接
c|据客户说，他们下个月要扩产，可以跟进一下
c|刚才的消息发错群了，我撤回了
c|这个谣言已经被官方辟谣了，大家别再传
c|转给你一份简历，看看合不合适
c|共享文件即将过期，请在周五前下载
c|新版本即将发布，请大家做好回归测试
c|看完记得在群里回复收到
c|客户一直已读不回，要不要换个方式跟进
c|周六不用来加班了，大家互相转告一下
c|天气预报说周末有台风，外出注意安全
x|您好，您反馈的问题我已经转发给技术同事了
c|保密协议签了吗？法务那边在催
c|请大家注意保密，项目细节不要在群里讨论
c|新员工入职要签保密协议和竞业协议
x|我们会尽快报价，预计周三前给到您
c|报价流程是先走内部审批，再发给客户
c|机密文件请走公司加密网盘，不要用微信发
c|工资条下周五通过HR系统发放，注意查收
c|客户名单在CRM里，有权限的同事自己查
c|第一季度的财报已经公开发布了，可以引用
c|合同已经签了，扫描件走OA归档
c|源代码只能上传到公司GitLab，不要私下发
c|设计文档评审会改到明天下午两点
c|年报里公布的营收是公开数据，可以放进PPT
x|价格方面您可以联系我们的销售经理详细沟通
c|薪资问题请直接找HRBP沟通，不要在群里讨论
c|绝对没问题，明天一定按时交付
c|内部培训的课件在知识库，大家自己下载
c|这个方案需要保密吗？我问下法务
c|合同模板更新了，新版本在法务共享盘
c|客户问底价，我说要请示领导再回复
c|报价单模板在哪里下载？
c|公司文件的密级分三档，培训课件里有说明
c|季度营收目标的讨论会定在周四
c|The NDA is signed, we can start the workshop next week.
c|Please keep the project codename confidential until launch.
c|代码评审请在GitLab上提MR，别发压缩包
c|合同的付款条款法务还在审，先别签
c|客户要的资质证书我整理好了，明天寄出
c|机密级别的材料必须在公司内网查看
c|我们的产品价格在官网上都有公示
c|这周的工作总结我写好了，发你审一下
c|客户名单的维护规范已经更新，大家按新规范录入
c|薪资结构的调整方案下周全员会上会宣讲
c|下周投标，标书的格式要求大家再看一遍
c|设计稿客户已经确认过了，可以开始开发
c|请勿外传的东西就别发群里，有事单独找我
c|工资什么时候发？还是每月十号吗
c|财务说报销款这周三前到账
c|这个客户很重要，要保持长期沟通
c|成本核算表的模板改了，财务群里有通知
c|架构图我画好了，周会上给大家讲
x|您好，正式报价我们会通过邮件发给贵司采购部
c|密码忘了怎么重置？找IT还是自己在门户上改？
c|修改密码的流程是先在门户点忘记密码，再收短信验证
c|验证码一直收不到怎么办，是不是被拦截了
c|WiFi密码贴在前台了，需要的自己去看
c|新密码要求至少12位，包含大小写字母和数字
c|公司要求每90天修改一次密码，别忘了
c|token过期了，重新登录一下就好
c|API key请在密钥管理平台申请，别在群里发
c|账号权限申请走IT工单，一般两天内开通
c|我的账号被锁了，IT说半小时后自动解锁
c|不要把账号借给别人用，审计会查
c|登录时提示验证码错误，刷新一下页面就行
c|risk-assessment 文档更新了，大家看一下
c|task-board 上的卡片记得拖到已完成
c|双因素认证开了吗？没开的今天开一下
c|密码管理器统一用公司采购的那个
c|忘记VPN密码的找IT重置，别找同事要
c|你的账号已经开通了，初始密码发到你公司邮箱了
c|每个人用自己的账号登录，不要共用
c|验证码有效期是五分钟，过期重新获取
c|Please rotate your AWS keys before the audit.
c|The GitHub token expired, I'll generate a new one myself.
c|The workshop will begin at 9, please be on time.
c|密钥轮换计划下周执行，各系统负责人注意
c|密码强度检测功能已经上线了
c|客户说收不到登录短信，帮忙查一下网关
x|您好，密码重置链接已发送到您的注册邮箱，请查收
c|为什么每次登录都要输验证码？
c|账号注销流程在员工手册第五章
c|请不要在微信里发送任何密码
c|新同事的企业邮箱账号开好了吗？
c|desk-booking 系统今天维护，订工位用纸质登记
c|sk-ii的样品到了，市场部来拿
c|登录页面的验证码图片太模糊了，能换一种吗
c|硬件口令牌丢了要尽快挂失
c|Ask-Me-Anything 环节放在最后
c|门禁卡丢了找行政补办
c|我的工号是多少来着？入职邮件里有吗
c|密码错误次数太多会被锁定，大家小心
c|JWT 的过期时间改成两小时了
x|您好，为了账户安全，请不要把验证码告诉任何人，包括客服
c|我的工号是{BADPHONE}，帮我查下考勤
c|订单号{ORDER16}，客户说还没发货
x|您的订单号是{ORDER16}，我们会尽快为您处理
c|快递单号SF{DIGITS13}，明天到
c|发票号码{DIGITS8}，发票代码{DIGITS12}
c|合同编号HT-2024-0315-027，已经归档了
c|测试用的身份证号{BADID}，校验位是错的，别用在生产
c|客户填的卡号{BADCARD16}校验不通过，让他重新核对
c|这笔款项金额是1,280,000.00元，财务核一下
c|会议改到2024年3月15日14:30
c|工单号{DIGITS12}已经关闭
c|系统里的交易流水号{BADCARD19}，对账用
c|客服热线400-820-1234，可以印在宣传册上
c|前台座机是021-6888 1234，转分机802
c|产品条码6901234567892，录入系统
c|邮编200120，收件地址写公司就行
c|批次号20240315-A03，质检已完成
c|报表里有个编号{BADPHONE}，是不是填错了
c|这个18位的编号{BADID}不是身份证，是物料编码
c|库存数量是13800件，下周补货
c|上个月部门的报销总额是12,350元
c|腾讯会议号{DIGITS9_SP}，下午两点开会
c|请在系统里登记客户电话，不要发群里
c|身份证号请客户本人在小程序里填写，我们不在微信里收集
c|请不要在群里发客户的手机号
c|公司在科技园南区8栋3楼，访客在一楼登记
c|快递放到公司前台就行
c|我的手机号换了，新号码已经更新在通讯录里
c|客户留的手机号{BADPHONE}号段不存在，应该是写错了
c|银行卡号的校验规则是Luhn算法，开发时注意
c|身份证第18位是校验码，可能是X
c|项目预算是50万，分两期支付
c|会员卡号{DIGITS10}，积分已经补上了
x|您好，退款1299元已原路返回，请注意查收
c|版本2.14.3的发布时间定在4月18日
c|物流追踪号{ORDER16_DASH}，明天再查一下
c|设备序列号{BADID}，报修单里写这个
c|这张卡号{BADCARD19}是测试卡，付不了款的
c|订单{ORDER16}的发票已经开出
c|凭证号{BADCARD16}，财务系统里能查到
c|员工编号{BADPHONE}对应的是哪个部门？
c|样品编号{BADID}，检测报告下周出
c|第1季度累计出货28,600台，比计划多5%
c|明天9:30在3号会议室开周会
c|机票改签费是380元，已经报销了
c|这是目前最好的方案了，我们就按这个推进
c|最近客户反馈挺多的，周会上讨论一下
c|最后一版方案我已经发法务了
c|第一次见客户，别迟到，着装正式一点
c|有问题第一时间告诉我
c|第一季度的目标完成了，大家辛苦
c|100%完成了任务，大家辛苦了
c|这个bug我100%确定是缓存导致的
c|这次展会的效果是历年最佳
c|下周有顶级专家来做技术分享，大家别错过
c|极致的用户体验是我们这季度的目标
c|他是我们组最靠谱的人，交给他放心
c|这是我吃过最好吃的火锅，下次团建就来这
c|零风险的投资是不存在的，群里那种广告别信
c|稳赚不赔的项目都是骗局，大家别上当
c|客户问能不能保本，我说理财产品不承诺保本
c|国家级高新技术企业的复审材料准备好了吗？
c|我们的目标是做到行业第一，大家加油
c|测试覆盖率已经到了100%，可以提测了
c|这是史上最难搞的客户了，哈哈
c|全网最低价那种宣传语不能用，广告法不允许
c|最佳实践文档更新了，大家参考一下
c|这家餐厅是附近最便宜的，中午去吧
c|第一天上班，请多关照
c|顶级客户的维护由我来负责
x|您好，这款是我们目前最受欢迎的型号，您可以先试用一下
c|根治这个内存泄漏的问题需要重构
c|包装盒最好用环保材料
c|有没有朋友想做兼职翻译？客户那边缺人
c|测试环境今晚部署，大家提前保存数据
c|女装事业部的季度会改到周五
c|这个版本是史上改动最多的一次，测试要仔细
c|新人第一周先熟悉产品，不用急着干活
m|周末带孩子去爬山，天气真好
m|新品到货，欢迎老客户来店里看看
m|第一次参加广交会，认识了很多新朋友
m|最近新到一批春茶，口感清爽，欢迎品尝
m|感谢客户的信任，今天又顺利交付了一个项目
m|公司年会圆满结束，明年继续努力
m|我们的门店搬新家了，欢迎老朋友来坐坐
m|新款上市，支持七天无理由退换
m|周年庆活动进行中，部分商品八折
m|团队获得了年度优秀团队奖，感谢大家的支持
m|最后三天，春季促销即将结束
m|女装新款到店，欢迎试穿
m|招聘兼职促销员，周末两天，日结工资
m|今天给客户上门安装净水器，师傅们辛苦了
m|新店开业，前一百位顾客送小礼品
m|春季新茶已上架，明前龙井，数量有限
m|加班到深夜，终于把项目上线了
m|公司十周年，感谢一路同行的伙伴
m|今天参加行业峰会，学到很多
m|秋季装修季，免费上门量房设计
m|我们的课程支持试听，满意再报名
m|店里的猫今天又胖了，欢迎来撸猫喝咖啡
m|产品通过了ISO9001质量体系认证
m|中秋礼盒开始预订了，欢迎咨询
m|感谢老客户介绍新客户，服务会继续用心
m|第一次尝试直播带货，有点紧张
m|最近天气转凉，大家注意保暖
m|客户送来锦旗，感谢我们售后团队
m|新一季的手工皂做好了，纯植物配方
m|周末门店有亲子烘焙活动，欢迎报名
m|今天的鸡蛋仔卖完了，明天请早
m|第一季度的培训课程表出来了，欢迎咨询
c|report.docx改好了，放在共享盘里
c|版本号升到1.2.3了，大家更新一下
c|请更新到v2.10.4再测一遍
c|合同终稿在合同_v3.pdf里，第5页有修改
c|数据在sales_q1.xlsx的第二个sheet
c|把config.yaml里的端口改成8080
c|main.cpp第120行有个空指针，帮忙看下
c|前端是用Vue.js写的，后端是Java
c|请看需求文档第2.4节
c|金额是3.5万，已经付了一半
c|会议纪要在meeting_notes.txt，自己拿
c|截图我存成了screenshot_0315.png
c|宣传视频demo.mp4太大了，压缩一下再发
c|备份文件backup_0301.tar.gz已经放到存储上
c|index.html的标题改一下
c|style.css里的颜色值换成品牌色
c|第3.2.1条规定了对外沟通的要求
c|新网站的设计稿客户已经确认了
c|访问官网的时候注意看一下证书是否正常
c|网址我已经发你公司邮箱了
c|IP白名单的申请流程在IT知识库里
c|Node.js版本升级到20.x了
c|Python 3.11.4 的环境已经装好了
c|请把logo.svg导出成两种尺寸
c|这周的周报写在weekly_report_w12.docx
c|文件名改成“方案-终版.pptx”
c|app-release.apk需要重新签名再发测试
c|年化收益率是3.25%，跟去年持平
c|data.json的格式有问题，少了个括号
c|报销单上的金额写成了1.5万，应该是1.05万
c|内网门户在浏览器收藏夹里，直接点就行
c|打开链接前先确认来源，最近钓鱼邮件多
c|链接失效了，你重新生成一个发我
c|我们的公众号叫“星河商城”，搜一下就有
c|版本5.0.1修复了登录闪退的问题
c|把temp_output.txt删掉，太占空间了
c|U盘里的setup.exe别乱运行
c|test_case_v2.xlsx更新了20条用例
c|图纸编号A-3.2.1-05，打印两份
c|预计完成度87.5%，周五前能收尾
c|请把PPT第1.3页的图换掉
"""


# ============================================================== build
KINDS = {"c": ("chat", "internal"), "x": ("chat", "external"),
         "m": ("moment", "public")}
PLACEHOLDER = re.compile(r"\{([A-Z0-9_]+)\}")


def parse(block):
    for raw in block.strip("\n").split("\n"):
        if not raw.strip():
            continue
        parts = raw.split("|")
        flags, text = parts[0], parts[1]
        extra = parts[2].split(",") if len(parts) > 2 else []
        kind, audience = KINDS[flags[0]]
        yield text, kind, audience, "d" in flags[1:], extra


def fill(text):
    return PLACEHOLDER.sub(lambda m: GEN[m.group(1)](), text)


def build():
    records = []
    for cat, block in [("abuse", ABUSE), ("rumour", RUMOUR), ("secret", SECRET),
                       ("credential", CREDENTIAL), ("privacy", PRIVACY),
                       ("exaggeration", EXAGGERATION), ("link", LINK),
                       ("clean", CLEAN)]:
        for n, (text, kind, audience, disg, extra) in enumerate(parse(block), 1):
            labels = [] if cat == "clean" else [cat] + extra
            records.append({"id": f"{cat}-{n:03d}", "text": fill(text),
                            "kind": kind, "audience": audience,
                            "labels": labels, "disguised": disg})
    return records


def write(records):
    with open(OUT, "w", encoding="utf-8", newline="\n") as f:
        for r in records:
            f.write(json.dumps(r, ensure_ascii=False) + "\n")


# ============================================================== validation
INVISIBLE = dict.fromkeys(map(ord, "\u200b\u200c\u200d\u2060\ufeff"))
CN_MAP = {ord(c): str(i) for i, c in enumerate(CN_DIGITS)}
CN_MAP[ord("〇")] = "0"
CN_MAP[ord("幺")] = "1"


def norm(s):
    return unicodedata.normalize("NFKC", s).translate(INVISIBLE)


NUM_RUN = re.compile(
    r"(?<![0-9A-Za-z])\d(?:[ \-.]?\d)*(?:[ \-.]?[Xx])?(?![0-9A-Za-z])")


def number_runs(text):
    t = norm(text).translate(CN_MAP)
    t = re.sub(r"\+86[ -]?", " ", t)
    return [re.sub(r"[ \-.]", "", m.group()).upper() for m in NUM_RUN.finditer(t)]


def classify_runs(text):
    """Return (valid_pii, lookalikes) from digit runs in text."""
    valid, bad = [], []
    for run in number_runs(text):
        n = len(run)
        if n == 11 and run.isdigit():
            (valid if VALID_MOBILE.match(run) else bad).append(("phone", run))
        elif n == 18:
            if id_valid(run):
                valid.append(("id", run))
            elif run.isdigit() and luhn_ok(run):
                valid.append(("card18", run))  # never generated for positives
            else:
                bad.append(("id/card", run))
        elif 16 <= n <= 19 and run.isdigit():
            (valid if luhn_ok(run) else bad).append(("card", run))
    return valid, bad


EMAIL_RE = re.compile(r"[A-Za-z0-9._%+-]+\s*(?:@|\[at\]|#)\s*[A-Za-z0-9-]+\.[A-Za-z]{2,}"
                      r"|[A-Za-z0-9._%+-]+ at [A-Za-z0-9-]+ dot [A-Za-z]{2,}", re.I)
ADDR_RE = re.compile(r"[路街道].{0,3}\d+[号號].*\d+(?:室|单元|單元|幢|栋|$|[，,;；])"
                     r"|[苑园村寓区].{0,2}\d+[幢栋].{0,3}\d+室")
TLDS = ("com|cn|net|org|top|xyz|io|ai|vip|club|shop|store|online|site|icu|cc|"
        "me|ly|co|info|biz|app|dev|md|py|sh|zip|mov|rs|li|us|uk|de|jp|tv|link|"
        "live|fun|ink|red|wang|tech|cloud|work|im|gl|to|gd|ws|in")
DOMAIN_RE = re.compile(r"(?<![@\w.-])[a-z0-9-]+(?:\.[a-z0-9-]+)*\.(?:%s)(?![a-z0-9-])" % TLDS)
URL_RE = re.compile(r"(?:https?|ftp)://|www\.|\b\d{1,3}(?:\.\d{1,3}){3}(?::\d+)?/")


def undisguise_link(text):
    t = norm(text).lower()
    t = t.replace("hxxp", "http")
    for a in ["[.]", "(.)", "[dot]", "(dot)", " dot ", " 点 ", "点", "。", "、", "·"]:
        t = t.replace(a, ".")
    t = re.sub(r"h\W?t\W?t\W?p\W?s?\W*:\W*/\W*/", "http://", t)
    t = re.sub(r"http\s*:", "http:", t)
    return t


def has_link(text, strict=False):
    t = norm(text).lower() if strict else undisguise_link(text)
    t = EMAIL_RE.sub(" ", t)
    return bool(URL_RE.search(t) or DOMAIN_RE.search(t))


LINT = {
    "abuse": [r"傻逼", r"傻屄", r"煞笔", r"他妈的", r"操你", r"王八蛋", r"贱人",
              r"滚蛋", r"fuck", r"bitch", r"shit", r"asshole", r"\bidiot\b",
              r"\bmoron\b", r"脑残", r"蠢货", r"白痴", r"狗东西"],
    "rumour": [r"紧急扩散", r"不转不是", r"即将删除", r"央视曝光",
               r"转发给所有人", r"赶紧转发", r"快转发", r"速转"],
    "secret": [r"机密[:：]", r"绝密", r"底价[是:：]", r"报价单发", r"工资条发",
               r"薪资表发", r"客户名单发", r"仅限内部", r"内部资料请勿外传"],
    "credential": [r"密码[是为:：]?\s*[A-Za-z0-9!@#$%&*]{4,}",
                   r"验证码[是:：]?\s*\d{4,}", r"akia[0-9a-z]{16}", r"ghp_",
                   r"(?<![a-z])sk-[a-z0-9]{20,}", r"xoxb-", r"begin (rsa|openssh)",
                   r"eyj[\w-]+\.eyj", r"借你用", r"借你登", r"帮我登一下"],
    "exaggeration": [r"全网最低", r"史上最", r"国家级", r"第一品牌", r"顶级",
                     r"极致", r"100%", r"保本", r"稳赚", r"零风险", r"根治",
                     r"包治百病", r"最(?!近|后)", r"第一(?!次|时间|季度|天|周)",
                     r"guarantee", r"no\.1", r"\bbest\b"],
}


def lint(rec):
    """Categories whose unambiguous triggers appear in rec's text."""
    t = norm(rec["text"]).lower()
    hits = set()
    for cat, pats in LINT.items():
        if cat == "exaggeration" and rec["kind"] != "moment":
            continue
        if any(re.search(p, t) for p in pats):
            hits.add(cat)
    if has_link(rec["text"], strict=True):
        hits.add("link")
    valid, _ = classify_runs(rec["text"])
    if valid or EMAIL_RE.search(norm(rec["text"])):
        hits.add("privacy")
    return hits


def validate(path=OUT):
    errors, warnings = [], []
    raw = open(path, "rb").read()
    text = raw.decode("utf-8")
    if "\\u200b" in text or "\\u200d" in text:
        errors.append("zero-width characters written as escape text")
    if "\u200b" not in text or "\u200d" not in text:
        errors.append("no real U+200B / U+200D characters in the file")
    recs, ids, texts = [], set(), set()
    for ln, line in enumerate(text.split("\n")[:-1], 1):
        try:
            r = json.loads(line)
        except ValueError as e:
            errors.append(f"line {ln}: bad JSON: {e}")
            continue
        recs.append(r)
        if list(r) != ["id", "text", "kind", "audience", "labels", "disguised"]:
            errors.append(f"{ln}: fields {list(r)}")
        rid = r["id"]
        if rid in ids:
            errors.append(f"duplicate id {rid}")
        ids.add(rid)
        if r["text"] in texts:
            errors.append(f"duplicate text {rid}")
        texts.add(r["text"])
        if not 10 <= len(r["text"]) <= 120:
            errors.append(f"{rid}: length {len(r['text'])}")
        if (r["kind"], r["audience"]) not in KINDS.values():
            errors.append(f"{rid}: kind/audience {r['kind']}/{r['audience']}")
        if not isinstance(r["disguised"], bool):
            errors.append(f"{rid}: disguised not bool")
        if any(l not in CATEGORIES for l in r["labels"]) or \
                len(set(r["labels"])) != len(r["labels"]):
            errors.append(f"{rid}: labels {r['labels']}")
        prefix, num = rid.rsplit("-", 1)
        if not re.fullmatch(r"\d{3}", num):
            errors.append(f"{rid}: id number")
        if prefix == "clean":
            if r["labels"]:
                errors.append(f"{rid}: clean with labels")
            if r["disguised"]:
                errors.append(f"{rid}: clean marked disguised")
        elif not r["labels"] or r["labels"][0] != prefix:
            errors.append(f"{rid}: id prefix does not match first label")

        labels = set(r["labels"])
        valid, bad = classify_runs(r["text"])
        if "privacy" in labels:
            if any(kind == "card18" for kind, _ in valid):
                errors.append(f"{rid}: 18-digit number that is not a valid ID")
            if bad:
                errors.append(f"{rid}: privacy positive holds invalid numbers {bad}")
            has_pii = bool(valid or EMAIL_RE.search(norm(r["text"])) or
                           ADDR_RE.search(norm(r["text"])))
            if not has_pii:
                errors.append(f"{rid}: privacy positive without detectable PII")
        elif valid:
            errors.append(f"{rid}: valid personal number outside privacy {valid}")
        if "exaggeration" in labels and r["kind"] != "moment":
            errors.append(f"{rid}: exaggeration positive is not a moment")
        if "link" in labels and not has_link(r["text"]):
            errors.append(f"{rid}: link positive without a link")
        if "link" not in labels and has_link(r["text"], strict=True):
            errors.append(f"{rid}: unlabelled link")
        hits = lint(r) - labels
        if not labels and hits:
            errors.append(f"{rid}: clean text trips {sorted(hits)}: {r['text']}")
        elif labels and hits:
            warnings.append(f"{rid}: also trips {sorted(hits)}: {r['text']}")

    # credential formats for the plain (non-disguised) key positives
    for r in recs:
        t = r["text"]
        for pat, what in [(r"AKIA", r"AKIA[A-Z0-9]{16}(?![A-Za-z0-9])"),
                          (r"ghp_", r"ghp_[A-Za-z0-9]{36}(?![A-Za-z0-9])"),
                          (r"sk-[A-Za-z0-9]{20}", r"sk-[A-Za-z0-9]{40,}"),
                          (r"xoxb-", r"xoxb-\d{10,13}-\d{10,13}-[A-Za-z0-9]{24}"),
                          (r"eyJ", r"eyJ[\w-]+\.eyJ[\w-]+\.[\w-]{20,}")]:
            if re.search(pat, t) and not r["disguised"] and not re.search(what, t):
                errors.append(f"{r['id']}: malformed key ({pat})")

    counts = {c: 0 for c in CATEGORIES}
    disg = {c: 0 for c in CATEGORIES}
    for r in recs:
        for l in r["labels"]:
            counts[l] += 1
            disg[l] += r["disguised"]
    clean = sum(1 for r in recs if not r["labels"])
    for c in CATEGORIES:
        if counts[c] < 65:
            errors.append(f"{c}: only {counts[c]} positives")
        if disg[c] * 4 < counts[c]:
            errors.append(f"{c}: disguised share {disg[c]}/{counts[c]}")
    if clean < 320:
        errors.append(f"only {clean} hard negatives")

    print(f"{len(recs)} records")
    print(f"{'category':<13} {'pos':>4} {'disg':>5} {'share':>6}")
    for c in CATEGORIES:
        print(f"{c:<13} {counts[c]:>4} {disg[c]:>5} {disg[c] / counts[c]:>6.0%}")
    print(f"{'clean':<13} {clean:>4}")
    multi = [r["id"] for r in recs if len(r["labels"]) > 1]
    print(f"multi-label: {', '.join(multi)}")
    ka = {}
    for r in recs:
        key = (r["kind"], r["audience"], "clean" if not r["labels"] else "pos")
        ka[key] = ka.get(key, 0) + 1
    for k in sorted(ka):
        print(f"  {k[0]}/{k[1]} {k[2]}: {ka[k]}")
    for w in warnings:
        print("WARN", w)
    for e in errors:
        print("ERROR", e)
    return not errors


if __name__ == "__main__":
    if "--check" not in sys.argv:
        write(build())
    sys.exit(0 if validate() else 1)
