#!/usr/bin/env python3
"""Grades the bundled real data: writes data/observations/sources.yaml and the `confidence` column of the two
evidence files.

    python3 scripts/grade-bundled-data.py

What it does (the rules are written out in data/observations/SOURCES.md):

- `confidence` (high / medium / low / blank) is read from each row's `note`: what the note states about the figure
  and its attribution. The column is appended as the last column of each row, byte for byte after the original
  text of the row, so every other column keeps its published value; re-running replaces the column.
- `sources.yaml` has one entry per distinct source string of every bundled file (both evidence files, the province
  and cities CSVs, the yearbook table's manifest source), graded by what the page is (GRADE_BY_HOST, then the
  per-address exceptions in GRADE_BY_SOURCE), with the vintage the notes or the address state, the publisher where
  the page is an official or news site, and the title the evidence note gives the source.

The output is reviewed by hand after every run (git diff); the rules, not hand edits, are the record.
"""
from __future__ import annotations

import collections
import csv
import io
import json
import re
import sys
import urllib.parse
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
OBS = ROOT / 'data' / 'observations'
EVIDENCE = ['jiangsu-published-figures.csv', 'jiangsu-published-figures-2.csv']
OTHER = ['jiangsu-province-series.csv', 'jiangsu-cities-2021-2022.csv']
YEARBOOK_SOURCE = 'http://tj.jiangsu.gov.cn/2019/nj03/nj0306.htm'

# ---------------------------------------------------------------- confidence

LOW = [
    r'low confidence', r'LOW RELIABILITY', r'YEAR UNCERTAIN', r'user-contributed', r'Baidu Zhidao',
    r'garbled', r'internally inconsistent', r'conflicts with', r'mis-dates', r'\btypo\b', r'TARGET, not an observed',
]
MEDIUM = [
    r'medium confidence', r'prelim', r'初步', r'预计', r'快报', r'estimat', r'rounded', r"'at present'", r'inferred', r'implied',
    r'attributed to', r'identified as', r'treated as', r'not year-end', r'year set to',
]
HIGH = [
    r'\bfinal\b', r'\(official\)', r'Statistical Yearbook', r'统计年鉴', r'census', r'statistical bulletin', r'统计公报',
    r'communique', r'统计局',
]


def confidence(note: str) -> str:
    """high / medium / low / '' from what the note states. Explicit words first; preliminary is never high."""
    if re.search(r'low confidence|LOW RELIABILITY|YEAR UNCERTAIN', note):
        return 'low'
    if re.search(r'medium confidence', note):
        return 'medium'
    if any(re.search(p, note) for p in LOW):
        return 'low'
    if any(re.search(p, note, re.IGNORECASE) for p in MEDIUM):
        return 'medium'
    if any(re.search(p, note, re.IGNORECASE) for p in HIGH):
        return 'high'
    return ''


def add_confidence(path: Path) -> list[dict[str, str]]:
    raw = path.read_bytes().decode('utf-8')
    lines = raw.split('\r\n') if '\r\n' in raw else raw.split('\n')
    eol = '\r\n' if '\r\n' in raw else '\n'
    trailing = lines[-1] == ''
    if trailing:
        lines = lines[:-1]
    header = next(csv.reader([lines[0]]))
    if header[-1] == 'confidence':
        # Re-run: strip the column this script appended (always the last, never quoted).
        lines = [line[: line.rfind(',')] for line in lines]
        header = header[:-1]
    rows = list(csv.DictReader(io.StringIO('\n'.join(lines))))
    if len(rows) != len(lines) - 1:
        sys.exit(f'{path.name}: a row spans several lines; the column cannot be appended by text')
    out = [lines[0] + ',confidence']
    for line, row in zip(lines[1:], rows):
        row['confidence'] = confidence(row['note'])
        out.append(f"{line},{row['confidence']}")
    path.write_bytes((eol.join(out) + (eol if trailing else '')).encode('utf-8'))
    return rows


# ---------------------------------------------------------------- grades

# By host (suffix match, longest wins), for the hosts of the bundled data. Anything not listed is `secondary`:
# mirrors, aggregators, encyclopedias, Q&A sites, blogs, press-release reposts.
GRADE_BY_HOST = {
    'tj.jiangsu.gov.cn': 'bulletin',
    'tjj.nanjing.gov.cn': 'bulletin',
    'tjj.changzhou.gov.cn': 'bulletin',
    'gov.cn': 'government',
    # News outlets (their own sites, not reposts).
    'news.jstv.com': 'news',
    'english.jschina.com.cn': 'news',
    'jiangsu.sina.com.cn': 'news',
    'finance.sina.com.cn': 'news',
    'news.sina.com.cn': 'news',
    'chinanews.com.cn': 'news',
    'covid-19.chinadaily.com.cn': 'news',
    'big5.cri.cn': 'news',
    'www.hellotw.com': 'news',
    'new.qq.com': 'news',
    'paper.xinmin.cn': 'news',
    'szb.wxrb.com': 'news',
    'www.sqdaily.com': 'news',
    'zgnt.net': 'news',
    'js.ifeng.com': 'news',
    'thenanjinger.com': 'news',
    'www.ibnews.com': 'news',
    'english.cz001.com.cn': 'news',
    'm.gonghui.yzbytv.com': 'news',
    'm.lejucaijing.com': 'news',
    'wap.05273.com': 'news',
    'www.csjcs.com': 'news',
}
# Pages whose host says less than the page: the yearbook tables of the statistics bureaus' own sites.
GRADE_BY_SOURCE = {
    YEARBOOK_SOURCE: 'yearbook',
    'https://tjj.nanjing.gov.cn/material/njnj_2024/zonghe/1-6.html': 'yearbook',
    'http://tjj.nanjing.gov.cn/material/njnj_2021/renmin/4-1.htm': 'yearbook',
}
PUBLISHER_BY_HOST = {
    'tj.jiangsu.gov.cn': ('江苏省统计局', 'Jiangsu Provincial Bureau of Statistics'),
    'tjj.nanjing.gov.cn': ('南京市统计局', 'Nanjing Municipal Bureau of Statistics'),
    'tjj.changzhou.gov.cn': ('常州市统计局', 'Changzhou Municipal Bureau of Statistics'),
    'www.jiangsu.gov.cn': ('江苏省人民政府', 'People\'s Government of Jiangsu Province'),
    'www.js.gov.cn': ('江苏省人民政府', 'People\'s Government of Jiangsu Province'),
    'en.jiangsu.gov.cn': ('江苏省人民政府', 'People\'s Government of Jiangsu Province'),
    'jtyst.jiangsu.gov.cn': ('江苏省交通运输厅', 'Jiangsu Provincial Department of Transportation'),
    'jsca.miit.gov.cn': ('江苏省通信管理局', 'Jiangsu Communications Administration'),
    'zg.changzhou.gov.cn': ('常州市人民政府', 'Changzhou Municipal Government'),
    'www.changzhou.gov.cn': ('常州市人民政府', 'Changzhou Municipal Government'),
    'english.huaian.gov.cn': ('淮安市人民政府', 'Huai\'an Municipal Government'),
    'www.suqian.gov.cn': ('宿迁市人民政府', 'Suqian Municipal Government'),
    'www.etaizhou.gov.cn': ('泰州市人民政府', 'Taizhou Municipal Government'),
    'english.taizhou.gov.cn': ('泰州市人民政府', 'Taizhou Municipal Government'),
    'news.jstv.com': ('江苏广电总台', 'Jiangsu Broadcasting Corporation'),
    'english.jschina.com.cn': ('中国江苏网', 'jschina.com.cn'),
    'jiangsu.sina.com.cn': ('新浪江苏', 'Sina Jiangsu'),
    'finance.sina.com.cn': ('新浪财经', 'Sina Finance'),
    'news.sina.com.cn': ('新浪新闻', 'Sina News'),
    'chinanews.com.cn': ('中国新闻网', 'China News Service'),
    'covid-19.chinadaily.com.cn': ('中国日报', 'China Daily'),
    'big5.cri.cn': ('国际在线', 'China Radio International'),
    'www.hellotw.com': ('央视港澳台中心', 'CCTV Hong Kong, Macao and Taiwan Centre'),
    'new.qq.com': ('腾讯新闻', 'Tencent News'),
    'paper.xinmin.cn': ('新民晚报', 'Xinmin Evening News'),
    'szb.wxrb.com': ('无锡日报', 'Wuxi Daily'),
    'www.sqdaily.com': ('宿迁日报', 'Suqian Daily'),
    'zgnt.net': ('南通日报', 'Nantong Daily'),
    'js.ifeng.com': ('凤凰网江苏', 'ifeng Jiangsu'),
    'thenanjinger.com': ('The Nanjinger', 'The Nanjinger'),
    'www.ibnews.com': ('ibnews', 'ibnews'),
    'english.cz001.com.cn': ('中国常州网', 'Changzhou news portal (cz001.com.cn)'),
    'zh.wikipedia.org': ('维基百科', 'Wikipedia'),
}
HOST_DEFAULTS = [
    # Defaults for a source string nobody listed, by host (suffix match, longest wins).
    ('stats.gov.cn', 'bulletin'),
    ('tj.jiangsu.gov.cn', 'bulletin'),
    ('tjj.nanjing.gov.cn', 'bulletin'),
    ('tjj.changzhou.gov.cn', 'bulletin'),
    ('gov.cn', 'government'),
    ('xinhuanet.com', 'news'),
    ('news.cn', 'news'),
    ('people.com.cn', 'news'),
    ('chinanews.com.cn', 'news'),
    ('jschina.com.cn', 'news'),
    ('jstv.com', 'news'),
    ('xhby.net', 'news'),
    ('wikipedia.org', 'secondary'),
    ('baike.baidu.com', 'secondary'),
    ('zhidao.baidu.com', 'secondary'),
    ('ceicdata.com', 'secondary'),
]


def host_of(source: str) -> str:
    return (urllib.parse.urlparse(source).hostname or '') if re.match(r'https?://', source) else ''


def by_suffix(host: str, table: dict[str, str]) -> str | None:
    best = None
    for suffix, value in table.items():
        if host == suffix or host.endswith('.' + suffix):
            if best is None or len(suffix) > len(best[0]):
                best = (suffix, value)
    return best[1] if best else None


def grade(source: str) -> str:
    return GRADE_BY_SOURCE.get(source) or by_suffix(host_of(source), GRADE_BY_HOST) or 'secondary'


def vintage(source: str, notes: list[str]) -> str | None:
    """The date the source published its figures, where a note or the address states it; else None."""
    dates = collections.Counter(m for n in notes for m in re.findall(r'\b((?:19|20)\d\d-[01]\d-[0-3]\d)\b', n))
    if dates:
        return dates.most_common(1)[0][0]
    books = {m for n in notes for m in re.findall(r'(?:Yearbook|统计年鉴)\s?((?:19|20)\d\d)', n)}
    m = re.search(r'njnj_((?:19|20)\d\d)', source)
    if m:
        books.add(m.group(1))
    if len(books) == 1:
        return books.pop()
    m = re.search(r'/((?:19|20)\d\d)[-/]?([01]\d)[-/]?([0-3]\d)/', source) or re.search(r'/((?:19|20)\d\d)-([01]\d)/([0-3]\d)/', source)
    if m:
        return f'{m.group(1)}-{m.group(2)}-{m.group(3)}'
    return None


def title(notes: list[str]) -> str:
    """What the evidence note calls the source: the most common note's first clause."""
    first = collections.Counter(re.split(r';\s', n)[0] for n in notes if n).most_common(1)
    text = first[0][0] if first else ''
    return text if len(text) <= 160 else text[:157].rstrip() + '…'


# Chinese titles of the official yearbooks, for the dashboard's "来源：…" lines (the notes give English ones).
TITLE_ZH = {
    'http://tj.jiangsu.gov.cn/2019/nj03/nj0306.htm': '江苏统计年鉴2019 表3-6（第七次人口普查前口径）',
    'https://tjj.nanjing.gov.cn/material/njnj_2024/zonghe/1-6.html': '南京统计年鉴2024 表1-6',
    'http://tjj.nanjing.gov.cn/material/njnj_2021/renmin/4-1.htm': '南京统计年鉴2021 表4-1 城镇居民家庭平均每人年可支配收入',
    # The research notes kept no address for these figures; the first clause of their note is a scratch file name.
    '(no URL returned by search)': '一篇关于2021年江苏各市GDP的文章（网址未记录）',
}
# English titles where the note's first clause is not one.
TITLE_EN = {'(no URL returned by search)': 'An article on 2021 Jiangsu city GDP (address not recorded)'}


def q(s: str) -> str:
    return json.dumps(s, ensure_ascii=False)


def main() -> None:
    sources: dict[str, list[str]] = collections.OrderedDict()
    sources.setdefault(YEARBOOK_SOURCE, []).append('Jiangsu Statistical Yearbook 2019 table 3-6 按地区分常住人口')
    for name in EVIDENCE:
        for row in add_confidence(OBS / name):
            sources.setdefault(row['source_url'], []).append(row['note'])
    for name in OTHER:
        with open(OBS / name, encoding='utf-8', newline='') as f:
            for row in csv.DictReader(f):
                sources.setdefault(row['source'], [])
    out = [
        '# Source quality grades of every source string in the bundled data (data/observations). Generated by',
        '# scripts/grade-bundled-data.py and reviewed by hand; how each grade, vintage and title was assigned is in',
        '# SOURCES.md. Grades: yearbook > bulletin > government > news > secondary (> unrated: a source nobody graded).',
        'schema: urbmon/sources@1',
        'sources:',
    ]
    counts: collections.Counter[str] = collections.Counter()
    for source, notes in sources.items():
        g = grade(source)
        counts[g] += 1
        out.append(f'  - source: {q(source)}')
        out.append(f'    grade: {g}')
        v = vintage(source, notes)
        if v:
            out.append(f'    vintage: {q(v)}')
        pub = PUBLISHER_BY_HOST.get(host_of(source))
        if pub:
            out.append(f'    publisher: {q(pub[0])}')
            out.append(f'    publisherEn: {q(pub[1])}')
        if source in TITLE_ZH:
            out.append(f'    title: {q(TITLE_ZH[source])}')
        t = TITLE_EN.get(source) or title(notes)
        if t:
            out.append(f'    titleEn: {q(t)}')
    out.append('hosts:')
    for host, g in HOST_DEFAULTS:
        out.append(f'  - host: {host}')
        out.append(f'    grade: {g}')
    (OBS / 'sources.yaml').write_text('\n'.join(out) + '\n', encoding='utf-8')
    print(f'{len(sources)} sources: {dict(counts)}', file=sys.stderr)


if __name__ == '__main__':
    main()
