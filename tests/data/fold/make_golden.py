#!/usr/bin/env python3
"""Writes golden.tsv (the fold golden table) and checks every row against a
built chatscan binary.

    python3 tests/data/fold/make_golden.py [--bin PATH/TO/chatscan] [--check]

Rows are (text, rule, match) with \\u{XXXX} escapes, exactly as in the TSV.
A row whose expectation follows rules/README.md but which the scanner gets
wrong is listed in BUGS and written commented out with a "# BUG:" prefix.
With --check nothing is written: the script reports rows that disagree with
the scanner (BUG rows that now pass are reported too).
"""
import argparse
import json
import os
import re
import subprocess
import sys
import unicodedata

HERE = os.path.dirname(os.path.abspath(__file__))
PACK = HERE

# ---------------------------------------------------------------------------
# Positive rows: (text, rule, match).
POSITIVE = [
    # --- noise: spaces, symbols, emoji between the characters -------------
    ("你个傻 逼，会议又迟到", "abuse.pinyin", "傻 逼"),
    ("这需求谁写的，傻*逼吧", "abuse.pinyin", "傻*逼"),
    ("老板真是傻 . 逼", "abuse.pinyin", "傻 . 逼"),
    ("傻_逼产品经理又改需求了", "abuse.pinyin", "傻_逼"),
    ("周报写成这样，傻😀逼", "abuse.pinyin", "傻😀逼"),
    ("他就是个傻***逼", "abuse.pinyin", "傻***逼"),
    ("傻-逼客户又来了", "abuse.pinyin", "傻-逼"),
    ("傻~逼", "abuse.pinyin", "傻~逼"),
    ("傻【逼】", "abuse.pinyin", "傻【逼"),
    ("你真是个傻👍👍逼啊", "abuse.pinyin", "傻👍👍逼"),
    ("草 泥 马，又加班", "abuse.pinyin", "草 泥 马"),
    ("草*泥*马的需求", "abuse.pinyin", "草*泥*马"),
    ("他.妈.的又宕机了", "abuse.pinyin", "他.妈.的"),
    ("他 妈 的，服务器又挂", "abuse.pinyin", "他 妈 的"),
    ("这代码就是垃 圾", "abuse.plain", "垃 圾"),
    ("垃#圾方案，重写吧", "abuse.plain", "垃#圾"),
    ("王 八 蛋，说好的奖金呢", "abuse.plain", "王 八 蛋"),
    ("王-八-蛋", "abuse.plain", "王-八-蛋"),
    ("你个傻-瓜", "abuse.plain", "傻-瓜"),
    ("what the f u c k", "abuse.plain", "f u c k"),
    ("f.u.c.k this deadline", "abuse.plain", "f.u.c.k"),
    ("f*ck? no: f**u**c**k this", "abuse.plain", "f**u**c**k"),
    ("傻\u3000逼，说的就是你", "abuse.pinyin", "傻\u3000逼"),
    ("傻（逼）", "abuse.pinyin", "傻（逼"),
    ("傻～逼领导", "abuse.pinyin", "傻～逼"),
    ("傻…逼", "abuse.pinyin", "傻…逼"),
    ("傻·逼", "abuse.pinyin", "傻·逼"),
    ("傻「逼」", "abuse.pinyin", "傻「逼"),
    ("傻\\u{0009}逼", "abuse.pinyin", "傻\\u{0009}逼"),
    ("傻👨\\u{200D}💻逼程序员", "abuse.pinyin", "傻👨\\u{200D}💻逼"),
    ("傻👍🏻逼", "abuse.pinyin", "傻👍🏻逼"),
    ("傻❤\\u{FE0F}逼", "abuse.pinyin", "傻❤\\u{FE0F}逼"),
    ("傻 \\u{200B} \\u{200B} 逼", "abuse.pinyin", "傻 \\u{200B} \\u{200B} 逼"),
    ("你fuck啥", "abuse.plain", "fuck"),
    ("密 码发我一下", "credential.word", "密 码"),
    ("把服务器密*码贴群里", "credential.word", "密*码"),
    ("wifi的密-码是多少", "credential.word", "密-码"),
    ("mi ma发你了", "credential.word", "mi ma"),
    ("m-i-m-a 是 123456", "credential.word", "m-i-m-a"),
    # --- zero-width characters, soft hyphen, variation selectors ----------
    ("你这个傻\\u{200B}逼", "abuse.pinyin", "傻\\u{200B}逼"),
    ("傻\\u{200D}逼同事", "abuse.pinyin", "傻\\u{200D}逼"),
    ("真是傻\\u{00AD}逼", "abuse.pinyin", "傻\\u{00AD}逼"),
    ("傻\\u{FE0F}逼又甩锅", "abuse.pinyin", "傻\\u{FE0F}逼"),
    ("傻\\u{2060}逼", "abuse.pinyin", "傻\\u{2060}逼"),
    ("傻\\u{202E}逼", "abuse.pinyin", "傻\\u{202E}逼"),
    ("这份机\\u{200E}密文件", "secret.exact", "机\\u{200E}密"),
    ("内部\\u{2066}资料", "secret.exact", "内部\\u{2066}资料"),
    ("傻\\u{200B} \\u{200B}逼", "abuse.pinyin", "傻\\u{200B} \\u{200B}逼"),
    ("草\\u{200B}泥\\u{200B}马", "abuse.pinyin", "草\\u{200B}泥\\u{200B}马"),
    ("他\\u{00AD}妈\\u{00AD}的", "abuse.pinyin", "他\\u{00AD}妈\\u{00AD}的"),
    ("这方案太垃\\u{200B}圾了", "abuse.plain", "垃\\u{200B}圾"),
    ("王\\u{200C}八\\u{200C}蛋", "abuse.plain", "王\\u{200C}八\\u{200C}蛋"),
    ("f\\u{200B}u\\u{200B}c\\u{200B}k", "abuse.plain", "f\\u{200B}u\\u{200B}c\\u{200B}k"),
    ("fu\\u{00AD}ck off", "abuse.plain", "fu\\u{00AD}ck"),
    ("这是机\\u{200B}密，别外传", "secret.exact", "机\\u{200B}密"),
    ("内部\\u{00AD}资料请勿转发", "secret.exact", "内部\\u{00AD}资料"),
    ("機\\u{200D}密文件", "secret.exact", "機\\u{200D}密"),
    ("机\\u{FE0F}密", "secret.exact", "机\\u{FE0F}密"),
    ("密\\u{200B}码在便签上", "credential.word", "密\\u{200B}码"),
    ("mi\\u{00AD}ma", "credential.word", "mi\\u{00AD}ma"),
    # --- full-width Latin -------------------------------------------------
    ("ｆｕｃｋ，又要返工", "abuse.plain", "ｆｕｃｋ"),
    ("ＦＵＣＫ this bug", "abuse.plain", "ＦＵＣＫ"),
    ("你真ｆｕｃｋ", "abuse.plain", "ｆｕｃｋ"),
    ("Ｆｕｃｋ", "abuse.plain", "Ｆｕｃｋ"),
    ("ｍｉｍａ发群里了", "credential.word", "ｍｉｍａ"),
    ("ＭＩＭＡ：abc123", "credential.word", "ＭＩＭＡ"),
    ("ｓｈａｂｉ", "abuse.pinyin", "ｓｈａｂｉ"),
    ("你个ＳＢ", "abuse.pinyin", "ＳＢ"),
    ("ｔｍｄ又崩了", "abuse.pinyin", "ｔｍｄ"),
    ("他就是１条狗", "secret.digits", "１条狗"),
    ("下３滥的手段", "secret.digits", "下３滥"),
    # --- mathematical letters ---------------------------------------------
    ("𝐟𝐮𝐜𝐤 the release", "abuse.plain", "𝐟𝐮𝐜𝐤"),
    ("𝐅𝐔𝐂𝐊", "abuse.plain", "𝐅𝐔𝐂𝐊"),
    ("真是𝑓𝑢𝑐𝑘", "abuse.plain", "𝑓𝑢𝑐𝑘"),
    ("𝖿𝗎𝖼𝗄 this", "abuse.plain", "𝖿𝗎𝖼𝗄"),
    ("𝚏𝚞𝚌𝚔", "abuse.plain", "𝚏𝚞𝚌𝚔"),
    ("𝐦𝐢𝐦𝐚 在这", "credential.word", "𝐦𝐢𝐦𝐚"),
    ("你个𝐬𝐛", "abuse.pinyin", "𝐬𝐛"),
    ("𝐬𝐡𝐚𝐛𝐢", "abuse.pinyin", "𝐬𝐡𝐚𝐛𝐢"),
    # --- mixed case -------------------------------------------------------
    ("FuCk this", "abuse.plain", "FuCk"),
    ("oh fUcK", "abuse.plain", "fUcK"),
    ("FUCK!", "abuse.plain", "FUCK"),
    ("MiMa 是多少", "credential.word", "MiMa"),
    ("ShaBi", "abuse.pinyin", "ShaBi"),
    ("CaoNiMa", "abuse.pinyin", "CaoNiMa"),
    ("TaMaDe 又宕机", "abuse.pinyin", "TaMaDe"),
    ("Sb", "abuse.pinyin", "Sb"),
    # --- strike-through and other combining marks ---------------------------
    ("f\\u{0336}u\\u{0336}c\\u{0336}k\\u{0336} this", "abuse.plain", "f\\u{0336}u\\u{0336}c\\u{0336}k\\u{0336}"),
    ("F\\u{0336}U\\u{0336}C\\u{0336}K\\u{0336}", "abuse.plain", "F\\u{0336}U\\u{0336}C\\u{0336}K\\u{0336}"),
    ("傻\\u{0336}逼\\u{0336}", "abuse.pinyin", "傻\\u{0336}逼\\u{0336}"),
    ("垃\\u{0336}圾\\u{0336}", "abuse.plain", "垃\\u{0336}圾\\u{0336}"),
    ("机\\u{0336}密\\u{0336}", "secret.exact", "机\\u{0336}密\\u{0336}"),
    ("m\\u{0336}i\\u{0336}m\\u{0336}a\\u{0336}", "credential.word", "m\\u{0336}i\\u{0336}m\\u{0336}a\\u{0336}"),
    ("f\\u{0332}u\\u{0332}c\\u{0332}k\\u{0332}", "abuse.plain", "f\\u{0332}u\\u{0332}c\\u{0332}k\\u{0332}"),
    ("f\\u{20DD}u\\u{20DD}c\\u{20DD}k\\u{20DD}", "abuse.plain", "f\\u{20DD}u\\u{20DD}c\\u{20DD}k\\u{20DD}"),
    ("fu\\u{0336}ck", "abuse.plain", "fu\\u{0336}ck"),
    ("傻\\u{0336} \\u{0336}逼\\u{0336}", "abuse.pinyin", "傻\\u{0336} \\u{0336}逼\\u{0336}"),
    # --- Traditional characters ---------------------------------------------
    ("這是機密，不要外傳", "secret.exact", "機密"),
    ("內部資料請勿外洩", "secret.exact", "內部資料"),
    ("把內部资料发我", "secret.exact", "內部资料"),
    ("密碼多少", "credential.word", "密碼"),
    ("這個方案真垃圾", "abuse.plain", "垃圾"),
    ("草泥馬", "abuse.pinyin", "草泥馬"),
    ("他媽的，又延期", "abuse.pinyin", "他媽的"),
    ("王八蛋老闆", "abuse.plain", "王八蛋"),
    ("密 碼", "credential.word", "密 碼"),
    # --- plain terms --------------------------------------------------------
    ("这方案真垃圾", "abuse.plain", "垃圾"),
    ("你这个傻瓜", "abuse.plain", "傻瓜"),
    ("王八蛋", "abuse.plain", "王八蛋"),
    ("傻逼", "abuse.pinyin", "傻逼"),
    ("机密文件", "secret.exact", "机密"),
    ("内部资料", "secret.exact", "内部资料"),
    ("他就是1条狗", "secret.digits", "1条狗"),
    ("下3滥", "secret.digits", "下3滥"),
    ("他妈的", "abuse.pinyin", "他妈的"),
    ("草泥马", "abuse.pinyin", "草泥马"),
    ("你这个傻瓜，还在用傻瓜相机", "abuse.plain", "傻瓜"),
    # --- repeats --------------------------------------------------------------
    ("傻傻傻逼", "abuse.pinyin", "傻傻傻逼"),
    ("你这个傻傻逼逼", "abuse.pinyin", "傻傻逼逼"),
    ("垃垃圾圾", "abuse.plain", "垃垃圾圾"),
    ("垃圾圾圾圾", "abuse.plain", "垃圾圾圾圾"),
    ("王王八蛋", "abuse.plain", "王王八蛋"),
    ("王八八八蛋", "abuse.plain", "王八八八蛋"),
    ("草草泥马", "abuse.pinyin", "草草泥马"),
    ("他妈的的的", "abuse.pinyin", "他妈的的的"),
    ("ffuucckk", "abuse.plain", "ffuucckk"),
    ("fuuuuck", "abuse.plain", "fuuuuck"),
    ("傻 傻 逼", "abuse.pinyin", "傻 傻 逼"),
    ("垃*垃*圾", "abuse.plain", "垃*垃*圾"),
    ("shashabi", "abuse.pinyin", "shashabi"),
    ("煞煞笔", "abuse.pinyin", "煞煞笔"),
    # --- typed pinyin ---------------------------------------------------------
    ("你就是个shabi", "abuse.pinyin", "shabi"),
    ("sha bi 一个", "abuse.pinyin", "sha bi"),
    ("真 sha-bi", "abuse.pinyin", "sha-bi"),
    ("SHABI", "abuse.pinyin", "SHABI"),
    ("s h a b i", "abuse.pinyin", "s h a b i"),
    ("caonima，又要加班", "abuse.pinyin", "caonima"),
    ("cao ni ma", "abuse.pinyin", "cao ni ma"),
    ("CAO-NI-MA", "abuse.pinyin", "CAO-NI-MA"),
    ("tamade 又宕机", "abuse.pinyin", "tamade"),
    ("ta ma de", "abuse.pinyin", "ta ma de"),
    ("这需求tamade谁提的", "abuse.pinyin", "tamade"),
    ("sha.bi", "abuse.pinyin", "sha.bi"),
    # --- initials --------------------------------------------------------------
    ("你是sb吗", "abuse.pinyin", "sb"),
    ("sb 老板", "abuse.pinyin", "sb"),
    ("SB", "abuse.pinyin", "SB"),
    ("真是个 SB。", "abuse.pinyin", "SB"),
    ("cnm", "abuse.pinyin", "cnm"),
    ("cnm，又改需求", "abuse.pinyin", "cnm"),
    ("tmd 又挂了", "abuse.pinyin", "tmd"),
    ("TMD", "abuse.pinyin", "TMD"),
    ("s.b", "abuse.pinyin", "s.b"),
    ("ｓｂ", "abuse.pinyin", "ｓｂ"),
    ("𝐒𝐁", "abuse.pinyin", "𝐒𝐁"),
    ("mi*ma", "credential.word", "mi*ma"),
    ("c n m", "abuse.pinyin", "c n m"),
    ("t-m-d", "abuse.pinyin", "t-m-d"),
    # --- mixes of Han and typed pinyin -----------------------------------------
    ("你个sha逼", "abuse.pinyin", "sha逼"),
    ("傻bi领导", "abuse.pinyin", "傻bi"),
    ("cao泥马", "abuse.pinyin", "cao泥马"),
    ("草ni马", "abuse.pinyin", "草ni马"),
    ("草泥ma", "abuse.pinyin", "草泥ma"),
    ("ta妈的", "abuse.pinyin", "ta妈的"),
    ("他ma的", "abuse.pinyin", "他ma的"),
    ("他妈de", "abuse.pinyin", "他妈de"),
    ("sha 逼", "abuse.pinyin", "sha 逼"),
    # --- homophones --------------------------------------------------------------
    ("你个煞笔", "abuse.pinyin", "煞笔"),
    ("沙比同事", "abuse.pinyin", "沙比"),
    ("傻比", "abuse.pinyin", "傻比"),
    ("曹尼玛", "abuse.pinyin", "曹尼玛"),
    ("草你妈", "abuse.pinyin", "草你妈"),
    ("他马的，又出bug", "abuse.pinyin", "他马的"),
    ("她妈的", "abuse.pinyin", "她妈的"),
    ("煞 笔", "abuse.pinyin", "煞 笔"),
    ("沙\\u{200B}比", "abuse.pinyin", "沙\\u{200B}比"),
    ("曹-尼-玛", "abuse.pinyin", "曹-尼-玛"),
    ("啥逼玩意", "abuse.pinyin", "啥逼"),
    ("杀比", "abuse.pinyin", "杀比"),
    # --- several findings in one message ------------------------------------------
    ("sb，你个傻逼", "abuse.pinyin", "sb"),
    ("sb，你个傻逼", "abuse.pinyin", "傻逼"),
    ("密码是机密", "credential.word", "密码"),
    ("密码是机密", "secret.exact", "机密"),
    ("這份內部資料的密碼", "secret.exact", "內部資料"),
    ("這份內部資料的密碼", "credential.word", "密碼"),
    ("垃圾代码，fuck", "abuse.plain", "垃圾"),
    ("垃圾代码，fuck", "abuse.plain", "fuck"),
]

# Hard negatives: no finding of any rule.
NEGATIVE = [
    "傻瓜相机",
    "买了个傻瓜相机",
    "傻瓜式操作，一键部署",
    "垃圾分类",
    "今天开始垃圾分类",
    "一条狗",
    "楼下有一条狗",
    "下三滥",
    "最近",
    "最近在忙什么",
    "他妈妈来公司了",
    "class",
    "the class is over",
    "assessment",
    "performance assessment",
    "sbx",
    "isb",
    "插上usb接口",
    "yes boss",
    "this bug is fixed",
    "shabin",
    "shabina",
    "Natasha bikes to work",
    "tmdb",
    "mimax",
    "sha病了",
    "是不是",
    "他们的方案",
    "从你们那边",
    "傻，逼",
    "傻。逼",
    "傻！逼",
    "傻、逼",
    "sha，bi",
    "草泥，马",
    "傻 * * * * 逼",
    "傻****逼",
    "傻1逼",
    "傻x逼",
    "sha    bi",
    "机 密",
    "機 密",
    "机*密",
    "内部 资料",
    "密，码",
    "fucking",
    "mi，ma",
    "一条 狗",
    "1 条狗",
    "傻？逼",
    "傻；逼",
    "傻：逼",
    "傻\\u{2028}逼",
    "傻\\u{2029}逼",
    "sha。bi",
    "傻 ，逼",
    "s，b",
    "傻 \\u{200B} \\u{200B} \\u{200B} 逼",
    "ｆｕｃｋｉｎｇ",
    "fuckｉｎｇ",
    "ａfuck",
    "沙滨路",
    "沙边的草地",
    "傻 瓜 相 机",
    "傻瓜相機",
    "垃圾 分类",
    "垃 圾分类",
    "laji",
    "wangbadan",
    "shagua",
    "jimi",
    "neibuziliao",
    "密ma",
    "mi码",
    "壹条狗",
    "下叁滥",
]

# Rows whose expectation follows the README but the scanner disagrees:
# (text, rule, match) for positives, (text, "-", "-") for negatives; strings
# are comments copied into the table.
BUGS = [
    "# Circled letters (general category So) are classed as noise from the",
    "# unfolded character, so they vanish from the dense and pinyin views",
    "# although NFKC folds them to Latin letters (README: NFKC, `Ⓢⓑ`).",
    ("ⓕⓤⓒⓚ this", "abuse.plain", "ⓕⓤⓒⓚ"),
    ("真的ⒻⓊⒸⓀ", "abuse.plain", "ⒻⓊⒸⓀ"),
    ("你个Ⓢⓑ", "abuse.pinyin", "Ⓢⓑ"),
    ("ⓜⓘⓜⓐ是多少", "credential.word", "ⓜⓘⓜⓐ"),
    ("ⓢⓗⓐⓑⓘ", "abuse.pinyin", "ⓢⓗⓐⓑⓘ"),
    "# A pinyin-view hit whose span starts or ends with a Han character is",
    "# dropped as \"inside a longer Latin word\" when a Latin letter is next to",
    "# it; the word-boundary rule is for Latin terms.",
    ("这个bug煞笔", "abuse.pinyin", "煞笔"),
    ("OK沙比", "abuse.pinyin", "沙比"),
    ("你个煞笔app", "abuse.pinyin", "煞笔"),
    ("ok傻bi", "abuse.pinyin", "傻bi"),
    ("这个PR曹尼玛", "abuse.pinyin", "曹尼玛"),
    ("改bug他马的", "abuse.pinyin", "他马的"),
    "# Repeats: the leftmost-longest hit is chosen before the noise gap is",
    "# checked; when that hit fails the gap check, the plain term inside it is",
    "# lost too.",
    ("傻... 傻逼", "abuse.pinyin", "傻逼"),
    ("f... fuck this", "abuse.plain", "fuck"),
    ("垃 * * 垃圾", "abuse.plain", "垃圾"),
    ("王 * * 王八蛋", "abuse.plain", "王八蛋"),
    "# Forms that NFKC folds to Chinese sentence punctuation (，。、！？：；)",
    "# are skipped as noise; only U+FF61 is treated as a break.",
    ("傻､逼", "-", "-"),
    ("傻﹑逼", "-", "-"),
    ("傻︐逼", "-", "-"),
    ("傻︒逼", "-", "-"),
    ("傻︕逼", "-", "-"),
    ("傻︖逼", "-", "-"),
    "# Line breaks other than \\n, \\r, U+2028, U+2029 are skipped as noise.",
    ("傻\\u{0085}逼", "-", "-"),
    ("傻\\u{000B}逼", "-", "-"),
    ("傻\\u{000C}逼", "-", "-"),
]

# ---------------------------------------------------------------------------

ESC = re.compile(r"\\u\{([0-9A-Fa-f]+)\}")


def decode(s):
    return ESC.sub(lambda m: chr(int(m.group(1), 16)), s)


def scan(binary, texts):
    lines = "".join(json.dumps({"id": i, "text": decode(t)}, ensure_ascii=False) + "\n"
                    for i, t in enumerate(texts))
    r = subprocess.run([binary, "scan", "--rules", PACK, "--input", "jsonl"],
                       input=lines.encode(), capture_output=True)
    out = {}
    for line in [l for l in r.stdout.decode().split("\n") if l.strip()]:
        o = json.loads(line)
        out[o["id"]] = o.get("findings", [])
    if len(out) != len(texts):
        sys.exit("scanner answered %d of %d lines: %s" % (len(out), len(texts), r.stderr.decode()))
    return [out[i] for i in range(len(texts))]


def escape(s):
    """Escapes invisible characters (controls, format characters, marks)."""
    return "".join("\\u{%04X}" % ord(c)
                   if unicodedata.category(c) in ("Cc", "Cf", "Mn", "Me", "Zl", "Zp") else c
                   for c in s)


def describe(text, findings):
    raw = decode(text).encode()
    return ["%s %d-%d %s" % (f["rule"], f["start"], f["end"],
                             escape(raw[f["start"]:f["end"]].decode())) for f in findings]


def row_ok(text, rule, match, findings):
    raw = decode(text).encode()
    if rule == "-":
        return not findings
    at = raw.find(decode(match).encode())
    if at < 0:
        return False
    want = (rule, at, at + len(decode(match).encode()))
    return any((f["rule"], f["start"], f["end"]) == want for f in findings)


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--bin", default=os.environ.get("CHATSCAN", "/tmp/foldhelper-build/tools/chatscan"))
    ap.add_argument("--check", action="store_true")
    args = ap.parse_args()

    rows = [(t, r, m) for t, r, m in POSITIVE] + [(t, "-", "-") for t in NEGATIVE]
    bugs = [b for b in BUGS if not isinstance(b, str)]
    seen = set()
    for t, r, m in rows + bugs:
        assert "\t" not in t and "\n" not in t, t
        assert (t, r, m) not in seen, ("duplicate row", t, r, m)
        seen.add((t, r, m))
        if r != "-":
            assert decode(m) in decode(t), (t, m)
    texts = sorted({t for t, _, _ in rows + bugs})
    got = dict(zip(texts, scan(args.bin, texts)))

    out = [
        "# Fold golden table (tests/fold_test.cc, GoldenTable) for the pack in pack.toml here.",
        "# Generated by make_golden.py, which checks every row against a built chatscan.",
        "# Columns, one TAB between: text, rule id or - (no finding of any rule), match or -.",
        "# \\u{XXXX} escapes one code point; match is found at its first occurrence in text.",
        "",
    ]
    problems = 0
    pos = neg = 0
    for t, r, m in rows:
        if row_ok(t, r, m, got[t]):
            out.append("%s\t%s\t%s" % (t, r, m))
            pos, neg = (pos, neg + 1) if r == "-" else (pos + 1, neg)
        else:
            problems += 1
            print("MISMATCH: %s\t%s\t%s\n    got: %s" % (t, r, m, describe(t, got[t]) or "nothing"))
    out += ["",
            "# Suspected scanner bugs: these rows follow rules/README.md, the scanner",
            "# disagrees (\"got\" is what it reported). Once fixed, rerun",
            "# make_golden.py: rows that pass are written as live rows."]
    nbugs = 0
    for b in BUGS:
        if isinstance(b, str):
            out.append(b)
            continue
        t, r, m = b
        if row_ok(t, r, m, got[t]):
            print("BUG ROW PASSES (fixed?), written as a live row: %s\t%s\t%s" % b)
            out.append("%s\t%s\t%s" % b)
            pos, neg = (pos, neg + 1) if r == "-" else (pos + 1, neg)
        else:
            nbugs += 1
            out.append("# BUG: %s\t%s\t%s\t# got: %s" % (t, r, m, "; ".join(describe(t, got[t]) or ["nothing"])))
    print("positives %d, negatives %d, bug rows %d, mismatches %d" % (pos, neg, nbugs, problems),
          file=sys.stderr)
    if not args.check and problems == 0:
        with open(os.path.join(HERE, "golden.tsv"), "w", encoding="utf-8") as f:
            f.write("\n".join(out) + "\n")
    return 1 if problems else 0


if __name__ == "__main__":
    sys.exit(main())
