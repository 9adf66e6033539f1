#!/usr/bin/env python3
"""Writes a rule pack that imports a generated gitleaks-format config of N rules.

The rules have the shapes real credential configs have, with made-up provider
names (nothing here is copied from gitleaks' own config):
  - provider tokens: a fixed prefix, a body of a given alphabet and length,
    keywords = [the prefix];
  - generic key = value rules: an identifier naming the provider, a separator,
    a quoted value captured as the secret (secretGroup = 1), an entropy floor,
    keywords = [the provider's name];
  - some with allow-lists (regexes on the secret or the line, stopwords);
  - a few Hyperscan cannot take or would compile for minutes (Unicode classes
    under long repeats, Go's (?U) flag): chatscan runs those with RE2 around
    their keyword hits;
  - a few without keywords.

With --corpus FILE it also writes chat messages (one per line, words drawn
from Debian's python3-jieba dictionary like chatscan-bench's own corpus), 1%
of them with a secret one of the rules finds and 1% with only a keyword.

usage: make_gitleaks_config.py OUT_DIR [--rules N] [--seed S]
                               [--corpus FILE --messages N]
Then: build/bench/chatscan-bench --rules OUT_DIR [--corpus FILE]
"""
import argparse
import os
import random

SYLLABLES = ["ka", "ro", "mi", "zu", "te", "lo", "vex", "qua", "dri", "sol", "nim", "pax",
             "tor", "bel", "cy", "fen", "gho", "jux", "orb", "wey"]
# Regex class -> the characters a generated secret is drawn from.
ALPHABETS = {
    "A-Za-z0-9": "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789",
    "a-f0-9": "abcdef0123456789",
    "A-Z2-7": "ABCDEFGHIJKLMNOPQRSTUVWXYZ234567",
    "A-Za-z0-9_-": "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789_-",
    "a-z0-9": "abcdefghijklmnopqrstuvwxyz0123456789",
}
GENERIC_VALUE = r"""(?:[ \t\w.-]{0,20})[\s'"]{0,3}(?:=|:{1,3}=|\|\||:|=>|\?=|,)[\x60'"\s=]{0,5}"""
GENERIC_END = r"""(?:[\x60'"\s;]|\\[nr]|$)"""


def provider_names(rng, n):
    names = set()
    while len(names) < n:
        names.add("".join(rng.choice(SYLLABLES) for _ in range(rng.randint(2, 3))))
    return sorted(names)


def toml_list(items):
    return "[" + ", ".join('"%s"' % i for i in items) + "]"


def body(rng, alphabet, length):
    return "".join(rng.choice(ALPHABETS[alphabet]) for _ in range(length))


def rule_head(rule_id, description, regex):
    return ["[[rules]]", 'id = "%s"' % rule_id, 'description = "%s"' % description,
            "regex = '''%s'''" % regex]


# Each maker returns the rule's lines and a function making a secret it finds.
def token_rule(rng, name):
    prefix = name[:rng.randint(3, 5)] + rng.choice(["", "p", "k", "live"]) + rng.choice(["_", "-", ""])
    alphabet = rng.choice(list(ALPHABETS))
    length = rng.choice([20, 24, 32, 36, 40, 48])
    regex = r"""\b(%s[%s]{%d})(?:[\x60'"\s;]|$)""" % (prefix, alphabet, length)
    lines = rule_head("%s-api-token" % name, "%s API token" % name.capitalize(), regex)
    lines.append("keywords = %s" % toml_list([prefix.lower()]))
    if rng.random() < 0.4:
        lines.append("entropy = %.1f" % rng.choice([3.0, 3.5]))
    return lines, lambda r: "%s%s " % (prefix, body(r, alphabet, length))


def generic_rule(rng, name):
    length = rng.choice([32, 40, 45, 64])
    alphabet = rng.choice(["a-z0-9", "a-f0-9"])
    regex = r"(?i)[\w.-]{0,50}?(?:%s)%s([%s]{%d})%s" % (name, GENERIC_VALUE, alphabet, length,
                                                        GENERIC_END)
    lines = rule_head("%s-secret-key" % name, "%s secret key in an assignment" % name.capitalize(),
                      regex)
    lines += ["secretGroup = 1", "entropy = %.1f" % rng.choice([3.0, 3.2, 3.5]),
              "keywords = %s" % toml_list([name])]
    if rng.random() < 0.3:
        lines += ["[[rules.allowlists]]", "stopwords = %s" % toml_list(["example", "sample"])]
    if rng.random() < 0.2:
        lines += ["[[rules.allowlists]]", 'regexTarget = "line"',
                  r"regexes = ['''(?i)(?:dummy|placeholder|your[_-]?key)''']"]
    return lines, lambda r: '%s_key = "%s"' % (name, body(r, alphabet, length))


def costly_rule(rng, name, i):
    if i % 2:
        regex = r"(?i)(?:%s)[^\n]{0,20}?([\p{L}\p{N}!@#$%%^&*]{12,%d})" % (name, rng.choice([64, 128]))
    else:
        regex = r"(?U)\b(%s_[a-z0-9]{20,40})\b" % name
    lines = rule_head("%s-passphrase" % name, "%s passphrase" % name.capitalize(), regex)
    lines.append("keywords = %s" % toml_list([name]))
    return lines, lambda r: "%s_%s " % (name, body(r, "a-z0-9", 24))


def bare_rule(rng, name):
    regex = r"\b%s_sess_[A-Z0-9]{24}\b" % name
    lines = rule_head("%s-session" % name, "%s session id (no keywords)" % name.capitalize(), regex)
    return lines, lambda r: "%s_sess_%s " % (name, body(r, "A-Z2-7", 24))


def write_corpus(path, count, secrets, rng,
                 dictionary="/usr/lib/python3/dist-packages/jieba/dict.txt"):
    with open(dictionary, encoding="utf-8") as f:
        words = [line.split()[0] for line in f if line.strip()][:50000]
    with open(path, "w", encoding="utf-8") as out:
        for _ in range(count):
            text = ""
            while len(text.encode()) < 54:
                text += rng.choice(words)
            roll = rng.random()
            if roll < 0.01:
                text = text[:6] + " " + rng.choice(secrets)[1](rng) + text[6:]
            elif roll < 0.02:
                text = text[:6] + " " + rng.choice(secrets)[0] + " " + text[6:]
            out.write(text + "\n")


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("out")
    ap.add_argument("--rules", type=int, default=200)
    ap.add_argument("--seed", type=int, default=10)
    ap.add_argument("--corpus")
    ap.add_argument("--messages", type=int, default=300000)
    args = ap.parse_args()
    rng = random.Random(args.seed)
    names = provider_names(rng, args.rules)
    n_costly, n_bare = max(1, args.rules // 40), max(1, args.rules // 50)
    n_generic = args.rules * 3 // 10
    blocks = [
        "# Generated by bench/make_gitleaks_config.py: %d rules in gitleaks' format." % args.rules,
        'title = "chatscan benchmark config"',
        "",
        "[allowlist]",
        'description = "global allow-list"',
        r"regexes = ['''(?i)^(?:fake|dummy|x{8,})''']",
        'stopwords = ["00000000", "abcdefgh"]',
    ]
    secrets = []  # (keyword, function making a secret the rule finds)
    for i, name in enumerate(names):
        if i < n_costly:
            lines, secret = costly_rule(rng, name, i)
        elif i < n_costly + n_bare:
            lines, secret = bare_rule(rng, name)
        elif i < n_costly + n_bare + n_generic:
            lines, secret = generic_rule(rng, name)
        else:
            lines, secret = token_rule(rng, name)
        secrets.append((name, secret))
        blocks.append("")
        blocks.extend(lines)
    os.makedirs(args.out, exist_ok=True)
    with open(os.path.join(args.out, "gitleaks.toml"), "w") as f:
        f.write("\n".join(blocks) + "\n")
    with open(os.path.join(args.out, "pack.toml"), "w") as f:
        f.write('[[import]]\nformat = "gitleaks"\npath = "gitleaks.toml"\n'
                'category = "credential"\n\n[pack]\nname = "gitleaks-bench"\n\n'
                '[categories.credential]\nclauses = ["5.1.2"]\naction = "block"\n')
    if args.corpus:
        write_corpus(args.corpus, args.messages, secrets, random.Random(args.seed + 1))


if __name__ == "__main__":
    main()
