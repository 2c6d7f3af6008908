"""Field rules, each on small hand-made inputs."""

from __future__ import annotations

from datetime import date

import pytest

from xunshi_parser.fields.findings import split_findings
from xunshi_parser.fields.headline import split_headline
from xunshi_parser.fields.lead import read_dateline, read_round, split_preamble
from xunshi_parser.fields.numerals import parse_number
from xunshi_parser.fields.trailer import read_trailer
from xunshi_parser.fields.unit import split_unit
from xunshi_parser.grammar import TRAILER, fold


@pytest.mark.parametrize(
    ("text", "value"),
    [
        ("一", 1), ("九", 9), ("十", 10), ("十一", 11), ("十三", 13), ("二十", 20),
        ("二十一", 21), ("九十九", 99), ("两", 2), ("〇", 0), ("一百零五", 105),
        ("二〇二一", 2021), ("38", 38), ("３８", 38), ("0", 0),
    ],
)  # fmt: skip
def test_numbers(text: str, value: int) -> None:
    assert parse_number(text) == value


@pytest.mark.parametrize("text", ["", "十十", "一二十", "三五百", "几", "十a"])
def test_not_numbers(text: str) -> None:
    assert parse_number(text) is None


@pytest.mark.parametrize(
    ("unit", "organizations", "aliases", "party_org"),
    [
        ("市档案馆", ["市档案馆"], [], None),
        ("市科委、中关村管委会党组", ["市科委", "中关村管委会"], [], "党组"),
        ("市委办公厅（市档案局）", ["市委办公厅"], ["市档案局"], None),
        ("市人大常委会机关党组", ["市人大常委会机关"], [], "党组"),
        ("市黄埔军校同学会机关", ["市黄埔军校同学会机关"], [], None),
        ("市政府外事办公室（市政府港澳办）党组", ["市政府外事办公室"], ["市政府港澳办"], "党组"),
        ("市委市直属机关工作委员会", ["市委市直属机关工作委员会"], [], None),
        ("区财政局党工委", ["区财政局"], [], "党工委"),
        ("某街道社区党总支", ["某街道社区"], [], "党总支"),
        ("某村党支部", ["某村"], [], "党支部"),
        ("市卫生健康委党委", ["市卫生健康委"], [], "党委"),
        # 、 inside brackets does not split; ASCII brackets are brackets too.
        ("甲局（乙办、丙办）党组", ["甲局"], ["乙办", "丙办"], "党组"),
        ("市人民检察院党组、市高级人民法院党组", ["市人民检察院", "市高级人民法院"], [], "党组"),
        ("市委统战部（市民族宗教委、市侨办）", ["市委统战部"], ["市民族宗教委", "市侨办"], None),
        ("市委办公厅(市档案局)", ["市委办公厅"], ["市档案局"], None),
        # The party organisation before closing aliases, else the first organisation's own.
        ("市公安局党委（市公安局党组）", ["市公安局"], ["市公安局党组"], "党委"),
        ("市公安局党委(市公安局党组)", ["市公安局"], ["市公安局党组"], "党委"),
        ("甲局党组（乙办）（丙办）", ["甲局"], ["乙办", "丙办"], "党组"),
        ("市司法局党组、市法律援助中心", ["市司法局", "市法律援助中心"], [], "党组"),
        ("市司法局、市法律援助中心党委", ["市司法局", "市法律援助中心"], [], "党委"),
        ("甲院党委、乙院党组", ["甲院", "乙院"], [], "党组"),  # the name's trailing one
        ("市档案局（市委党史研究室）", ["市档案局"], ["市委党史研究室"], None),
        ("党组", [], [], "党组"),
        # The number of a section is not the unit's.
        ("（一）区教委党组", ["区教委"], [], "党组"),
        ("（一）、区教委党组", ["区教委"], [], "党组"),
        ("③区教委党组", ["区教委"], [], "党组"),
        ("一.区教委", ["区教委"], [], None),
        ("2.区卫健委党委", ["区卫健委"], [], "党委"),
        ("十二、区财政局", ["区财政局"], [], None),
        ("一、", ["一"], [], None),  # nothing but a number: kept
    ],
)
def test_unit(unit: str, organizations: list[str], aliases: list[str], party_org: str) -> None:
    name = split_unit(unit)
    assert name.organizations == organizations
    assert name.aliases == aliases
    assert name.party_org == party_org


@pytest.mark.parametrize(
    ("body", "findings"),
    [
        ("甲不够，乙不足；丙不到位。丁有差距。", ["甲不够", "乙不足", "丙不到位", "丁有差距"]),
        ("宗教工作由“管得住”向“管得好”转变还不到位。", ["宗教工作由“管得住”向“管得好”转变还不到位"]),
        ("履行“服务台胞、服务发展，服务大局”职能还有差距，联系不够。",
         ["履行“服务台胞、服务发展，服务大局”职能还有差距", "联系不够"]),
        ("对甲（含乙，丙）管理不严。", ["对甲（含乙，丙）管理不严"]),
        ("甲不够 ， 乙不足。。", ["甲不够", "乙不足"]),
        # Exclamation and question marks end a finding as a full stop does.
        ("资源配置不均衡！食堂管理不规范？校外培训监管不到位。",
         ["资源配置不均衡", "食堂管理不规范", "校外培训监管不到位"]),
        ("落实“双减”不到位！作业管理不规范", ["落实“双减”不到位", "作业管理不规范"]),
        ("", []),
        # An unclosed quote is read as text: it protects nothing.
        ("甲“乙，丙。", ["甲“乙", "丙"]),
        # So is a quotation longer than 200 characters.
        ("“" + "甲，" * 101 + "”。", ["“甲", *["甲"] * 100, "”"]),
        ("“" + "甲，" * 99 + "”。", ["“" + "甲，" * 99 + "”"]),
        # A comma between digits is part of a number.
        ("投入1,000万元,效果不明显;", ["投入1,000万元", "效果不明显"]),
        # A stray closer is ignored.
        ("甲”乙，丙。", ["甲”乙", "丙"]),
        # A line break ends a finding: paragraphs and list items may end without punctuation.
        ("一是理论学习不深入\n二是预算管理不规范\r\n三是采购监管不严",
         ["一是理论学习不深入", "二是预算管理不规范", "三是采购监管不严"]),
        ("理论学习不深入。\n\n预算管理“不规范，\n不严格”", ["理论学习不深入", "预算管理“不规范，\n不严格”"]),
    ],
)  # fmt: skip
def test_findings(body: str, findings: list[str]) -> None:
    assert split_findings(body) == findings


@pytest.mark.parametrize(
    ("content", "headline", "source"),
    [
        # Restated verbatim, later in the body.
        ("为民服务意识不强档案工作有差距，为民服务意识不强。", "为民服务意识不强", "restatement"),
        # Restated with 还 inserted.
        ("服务保障效能不高对职能认识不清，服务保障效能还不高。", "服务保障效能不高", "restatement"),
        # Restated at once, with 、 inserted.
        ("发挥凝聚侨心引领侨界作用不够发挥凝聚侨心、引领侨界作用不够，还有差距。",
         "发挥凝聚侨心引领侨界作用不够", "restatement"),
        # On its own line: the line is the truth.
        ("理论学习不够深入\n抓落实不够。", "理论学习不够深入", "line"),
        ("理论学习不够深入\r\n\r\n抓落实不够，理论学习不够。", "理论学习不够深入", "line"),
        # A first line of sentences is a paragraph, not a headline.
        ("为民服务意识不强档案工作有差距，为民服务意识不强。\n对重点岗位查找不深。",
         "为民服务意识不强", "restatement"),
        # ASCII commas are sentence punctuation as much as full-width ones.
        ("理论学习不够深入,抓落实不够,档案工作有差距\n为民服务意识不强。", "", "none"),
        ("理论学习不够深入，抓落实不够，档案工作有差距\n为民服务意识不强。", "", "none"),
        ("理论学习不够深入;抓落实不够\n为民服务意识不强。", "", "none"),
        # A list's first item is the body's start, not a headline.
        ("一是理论学习不深入\n二是预算管理不规范\n三是采购监管不严", "", "none"),
        ("（一）理论学习不深入\n（二）预算管理不规范", "", "none"),
        ("1.理论学习不深入\n2.预算管理不规范", "", "none"),
        ("理论学习不深入\n一是学习不够\n二是研究不够", "理论学习不深入", "line"),
        # Never restated: no headline.
        ("抓落实不够，档案收集有缺项。", "", "none"),
        # A common prefix shorter than four characters is a coincidence.
        ("推动甲推动乙。", "", "none"),
        # A restatement is a whole phrase: a prefix found again at the start of a longer phrase
        # is a coincidence of wording, however long, and there is no headline.
        ("落实全面从严治党主体责任不到位，落实全面从严治党监督责任不到位。", "", "none"),
        ("审计监督作用发挥不够充分审计全覆盖推进较慢，审计监督作用发挥还不充分。", "", "none"),
        # A shorter prefix that is a whole phrase somewhere is no better a guess.
        ("巡视整改不彻底上轮反馈问题整改不到位，未能有效推进巡视整改，巡视整改不彻底加重。", "",
         "none"),
        # What may end a restatement: punctuation of any kind, brackets, the end of a line or of
        # the text, and the particles 的 and 等.
        ("为民服务意识不强档案工作有差距，存在为民服务意识不强的问题。", "为民服务意识不强", "restatement"),
        ("巡视整改不彻底上轮反馈问题整改不到位，未能有效推进巡视整改，巡视整改不彻底的问题依然存在。",
         "巡视整改不彻底", "restatement"),
        ("为民服务意识不强档案工作有差距，存在为民服务意识不强等问题。", "为民服务意识不强", "restatement"),
        ("为民服务意识不强档案工作有差距，为民服务意识不强！", "为民服务意识不强", "restatement"),
        ("为民服务意识不强档案工作有差距……为民服务意识不强……", "为民服务意识不强", "restatement"),
        ("为民服务意识不强档案工作有差距（为民服务意识不强）", "为民服务意识不强", "restatement"),
        ("为民服务意识不强档案工作有差距，为民服务意识不强：表现在", "为民服务意识不强", "restatement"),
        # 、 and spaces, which the comparison leaves out, end a phrase too.
        ("为民服务意识不强档案工作有差距，存在为民服务意识不强、作风不实等问题。", "为民服务意识不强",
         "restatement"),
        ("为民服务意识不强档案工作有差距，为民服务意识不强 对重点岗位查找不深。", "为民服务意识不强",
         "restatement"),
        ("为民服务意识不强档案工作有差距，为民服务意识不强问题较为突出。", "为民服务意识不强",
         "restatement"),
        # 的, 等 or a quote after the words is more of the phrase, unless it names a problem.
        ("落实全面从严治党主体责任不到位干部队伍建设有短板，落实全面从严治党的要求不够有力。", "",
         "none"),
        ("落实全面从严治党主体责任不到位干部队伍建设有短板，落实全面从严治党“两个责任”不到位。", "",
         "none"),
        ("推进党风廉政建设有差距干部队伍建设有短板，推进党风廉政建设等工作不够有力。", "", "none"),
        ("服务保障效能不高对职能认识不清，服务保障效能还不高", "服务保障效能不高", "restatement"),
        ("服务保障效能不高对职能认识不清，服务保障效能还不高\n抓落实不够。", "服务保障效能不高",
         "restatement"),
        # The first restatement may run on; a later one that is a whole phrase counts.
        ("城市管理水平不高背街小巷环境差，城市管理水平不高问题突出，城市管理水平不高。",
         "城市管理水平不高", "restatement"),
    ],
)  # fmt: skip
def test_headline(content: str, headline: str, source: str) -> None:
    split = split_headline(fold(content))
    assert content[: split.headline_end] == headline
    assert split.source == source


def test_headline_followed_by_trailer_line_is_still_glued() -> None:
    # Only a line break with text after it separates a headline.
    content = "为民服务意识不强档案工作有差距，为民服务意识不强。\n"
    assert split_headline(fold(content)).source == "restatement"


@pytest.mark.parametrize(
    ("trailer", "team", "number", "inspection", "target"),
    [
        ("【市委第一巡视组向市档案馆反馈巡视情况】", "市委第一巡视组", 1, "巡视", "市档案馆"),
        ("【区委第二巡察组向区财政局党组反馈巡察情况】", "区委第二巡察组", 2, "巡察", "区财政局党组"),
        ("【十二届市委第十三巡视组向某局反馈巡视情况】", "十二届市委第十三巡视组", 13, "巡视", "某局"),
        ("【中央第三巡视组向某省反馈情况】", "中央第三巡视组", 3, "巡视", "某省"),
        ("【省委第25巡视组向某厅反馈巡视情况】", "省委第25巡视组", 25, "巡视", "某厅"),
        ("【市委第九十九巡视组向甲反馈巡视情况】", "市委第九十九巡视组", 99, "巡视", "甲"),
        ("【市委第两巡视组向甲反馈巡视情况】", "市委第两巡视组", 2, "巡视", "甲"),
        ("【市委巡視組向甲反饋巡視情況】", "市委巡視組", None, "巡视", "甲"),
        ("【区委巡察一组向区档案馆反馈巡察情况】", "区委巡察一组", 1, "巡察", "区档案馆"),
        ("【县委巡察12组向某镇党委反馈巡察情况】", "县委巡察12组", 12, "巡察", "某镇党委"),
        ("（市委第一巡视组向市委办公厅（市档案局）反馈巡视情况）", "市委第一巡视组", 1, "巡视", "市委办公厅（市档案局）"),
        ("(市委第一巡视组向甲反馈巡视情况)", "市委第一巡视组", 1, "巡视", "甲"),
        # Some rounds feed back 意见 rather than 情况.
        ("【省委第一巡视组向省农业农村厅党组反馈巡视意见】", "省委第一巡视组", 1, "巡视", "省农业农村厅党组"),
        ("【省委第一巡視組向某廳反饋巡視意見】", "省委第一巡視組", 1, "巡视", "某廳"),
        # The number after 巡察/巡视, with 第.
        ("【县委巡察第一组向县教育局党组反馈巡察情况】", "县委巡察第一组", 1, "巡察", "县教育局党组"),
        ("【省委巡视第三组向省教育厅党组反馈巡视情况】", "省委巡视第三组", 3, "巡视", "省教育厅党组"),
        # The round's 第四轮 before 巡察 is not the team's number.
        ("【县委第四轮巡察第一组向县教育局党组反馈巡察情况】", "县委第四轮巡察第一组", 1, "巡察", "县教育局党组"),
        ("【县委第四轮巡察组向县教育局党组反馈巡察情况】", "县委第四轮巡察组", None, "巡察", "县教育局党组"),
        # A qualifier between the number and 巡察, or in brackets after the team.
        ("【县委第一专项巡察组向县教育局党组反馈巡察情况】", "县委第一专项巡察组", 1, "巡察", "县教育局党组"),
        ("【某某县委第二交叉巡察组向县医保局党组反馈巡察情况】", "某某县委第二交叉巡察组", 2, "巡察", "县医保局党组"),
        ("【县委第三机动巡察组向某镇党委反馈巡察情况】", "县委第三机动巡察组", 3, "巡察", "某镇党委"),
        ("【市委第五联动巡察组向某区委反馈巡察情况】", "市委第五联动巡察组", 5, "巡察", "某区委"),
        ("【市委第六提級巡視組向某局党组反饋巡視情況】", "市委第六提級巡視組", 6, "巡视", "某局党组"),
        ("【县委第一巡察组（交叉）向县教育局党组反馈巡察情况】", "县委第一巡察组（交叉）", 1, "巡察", "县教育局党组"),
        # A full stop before the closing bracket.
        ("【县委第一巡察组向县教育局党组反馈巡察情况。】", "县委第一巡察组", 1, "巡察", "县教育局党组"),
        ("（县委第一巡察组向县教育局党组反馈巡察情况。）", "县委第一巡察组", 1, "巡察", "县教育局党组"),
        # The team's leader named after the team is not part of its name.
        ("【县委第一巡察组组长张三向县教育局党组反馈巡察情况】", "县委第一巡察组", 1, "巡察", "县教育局党组"),
        ("【县委第二巡察组副组长欧阳明向县教育局党组反馈巡察情况】", "县委第二巡察组", 2, "巡察", "县教育局党组"),
        # Two teams: the number read would be the last one's only.
        ("【市委第三巡察组、某某区委第一巡察组向某街道党工委反馈巡察情况】", "市委第三巡察组、某某区委第一巡察组", None, "巡察", "某街道党工委"),
        ("【县委第一、第二巡察组向县医保局党组反馈巡察情况】", "县委第一、第二巡察组", None, "巡察", "县医保局党组"),
        ("【县委第一和第二巡察组向县医保局党组反馈巡察情况】", "县委第一和第二巡察组", None, "巡察", "县医保局党组"),
        ("【市委第三巡察组和区委第一巡察组向某街道党工委反馈巡察情况】", "市委第三巡察组和区委第一巡察组", None, "巡察", "某街道党工委"),
    ],
)  # fmt: skip
def test_trailer(trailer: str, team: str, number: int | None, inspection: str, target: str) -> None:
    match = TRAILER.fullmatch(fold(trailer))
    assert match is not None
    fields = read_trailer(match, trailer)
    assert fields["team_name"] == team
    assert fields["team_number"] == number
    assert fields["inspection"] == inspection
    assert fields["target"] == target


@pytest.mark.parametrize(
    "text",
    [
        "【编辑：某某】",
        "【市委第一巡视组向市档案馆反馈巡视情况",
        "【向市档案馆反馈巡视情况】",
        # 第一轮 is a round, not a team's number; a team is a 组.
        "【县委第一轮巡察向县教育局党组反馈巡察情况】",
        # A bracketed aside after the team that is no qualifier.
        "【县委第一巡察组（驻点）向县教育局党组反馈巡察情况】",
        # Not one full stop but two, or a stop with text after it.
        "【县委第一巡察组向县教育局党组反馈巡察情况。。】",
        "【县委第一巡察组向县教育局党组反馈巡察情况。详见附件】",
    ],
)
def test_not_trailers(text: str) -> None:
    assert TRAILER.search(fold(text)) is None


@pytest.mark.parametrize(
    ("preamble", "title", "lead"),
    [
        ("原标题：甲通报乙反馈情况日前，甲通报。", "甲通报乙反馈情况", "日前，甲通报。"),
        ("原标题:甲通报乙反馈情况\n近日，甲通报。\n", "甲通报乙反馈情况", "近日，甲通报。"),
        ("甲通报乙反馈情况\n\n本轮巡视自2021年10月至12月。", "甲通报乙反馈情况", "本轮巡视自2021年10月至12月。"),
        ("日前，甲通报。", None, "日前，甲通报。"),
        ("原标题：甲通报乙反馈情况", "甲通报乙反馈情况", None),
        # Time words inside a title open no lead.
        ("原标题：中央第八巡视组近日向北京市反馈巡视情况\n日前，甲。", "中央第八巡视组近日向北京市反馈巡视情况", "日前，甲。"),
        ("时间：2022-01-25　来源：北京纪检监察网\n北京通报巡视反馈情况\n日前，甲。", "北京通报巡视反馈情况", "日前，甲。"),
        ("", None, None),
        # A text that opens with the lead has no title, however its lead opens.
        ("根据市委统一部署，2023年3月至5月，市委第二轮巡视对甲开展了巡视。\n", None,
         "根据市委统一部署，2023年3月至5月，市委第二轮巡视对甲开展了巡视。"),
        ("按照区委巡察工作安排，区委第一轮巡察对乙开展了巡察。\n", None,
         "按照区委巡察工作安排，区委第一轮巡察对乙开展了巡察。"),
        ("经省委同意，省委第三轮巡视对丙开展了巡视。\n", None, "经省委同意，省委第三轮巡视对丙开展了巡视。"),
        # A title glued to its lead without a label: a short run without sentence punctuation.
        ("北京通报对甲等2家单位党组织巡视反馈情况日前，甲通报。", "北京通报对甲等2家单位党组织巡视反馈情况",
         "日前，甲通报。"),
        ("甲通报，乙近日，丙。", None, "甲通报，乙近日，丙。"),
        # Only the lead's opening words end a glued title: 按照…部署, 经…同意 and dates may stand
        # inside a first sentence or a title.
        ("十三届区委第二轮巡察按照区委统一部署，对甲开展了巡察。", None,
         "十三届区委第二轮巡察按照区委统一部署，对甲开展了巡察。"),
        ("区委第二轮巡察工作经区委同意，对甲开展了巡察。", None, "区委第二轮巡察工作经区委同意，对甲开展了巡察。"),
        ("海淀区委巡察组2023年6月9日集中反馈巡察情况\n日前，甲。", "海淀区委巡察组2023年6月9日集中反馈巡察情况",
         "日前，甲。"),
        ("甲通报乙反馈情况（经区委同意公开）\n日前，甲。", "甲通报乙反馈情况（经区委同意公开）", "日前，甲。"),
        # A date in a labelled title opens no lead; a date and a comma after it does.
        ("原标题：海淀区委2023年6月9日集中反馈巡察情况\n日前，甲。", "海淀区委2023年6月9日集中反馈巡察情况",
         "日前，甲。"),
        ("原标题：北京通报反馈情况2022年1月25日，甲通报。", "北京通报反馈情况", "2022年1月25日，甲通报。"),
        ("甲" * 81 + "日前，乙。", None, "甲" * 81 + "日前，乙。"),
        # A first line that reads as a paragraph is the lead, however it opens: it ends a
        # sentence holding a comma or what was done to units, or one naming no inspection.
        ("为推动全面从严治党向基层延伸，县委第五轮巡察对县教育局等2个单位党组织开展了常规巡察。\n",
         None, "为推动全面从严治党向基层延伸，县委第五轮巡察对县教育局等2个单位党组织开展了常规巡察。"),
        ("2023年4月至6月，县委第五轮巡察对甲开展了常规巡察。\n", None,
         "2023年4月至6月，县委第五轮巡察对甲开展了常规巡察。"),
        ("今年以来，县委对甲等3个单位开展了常规巡察。\n", None, "今年以来，县委对甲等3个单位开展了常规巡察。"),
        ("县委第五轮巡察于2023年4月至6月对甲开展了常规巡察。\n", None,
         "县委第五轮巡察于2023年4月至6月对甲开展了常规巡察。"),
        ("近日县委第五轮巡察对甲开展了常规巡察。\n", None, "近日县委第五轮巡察对甲开展了常规巡察。"),
        ("图为反馈会现场。\n近日，甲。", None, "图为反馈会现场。\n近日，甲。"),
        # A comma alone, or a round alone, does not make a title a paragraph.
        ("北京通报巡视反馈情况，公布整改要求\n日前，甲。", "北京通报巡视反馈情况，公布整改要求", "日前，甲。"),
        # Nor a comma with a round or what was done to units, with no full stop; nor a full
        # stop alone closing a title that names its inspection.
        ("压实责任，推动整改：平安县委第四轮巡察反馈情况通报\n近日，甲。",
         "压实责任，推动整改：平安县委第四轮巡察反馈情况通报", "近日，甲。"),
        ("十四届平安县委第五轮巡察完成反馈，发现问题126个\n近日，甲。",
         "十四届平安县委第五轮巡察完成反馈，发现问题126个", "近日，甲。"),
        ("平安县委对县教育局等2家单位开展第四轮巡察，反馈情况公布\n近日，甲。",
         "平安县委对县教育局等2家单位开展第四轮巡察，反馈情况公布", "近日，甲。"),
        ("平安县委第四轮巡察反馈情况通报。\n近日，甲。", "平安县委第四轮巡察反馈情况通报。", "近日，甲。"),
        ("县委第五轮巡察反馈情况\n近日，甲。", "县委第五轮巡察反馈情况", "近日，甲。"),
        # A news dateline opening the first line is the lead's, not a title; so is a line of
        # page controls.
        ("新华社北京1月25日电　日前，甲。\n", None, "新华社北京1月25日电　日前，甲。"),
        ("人民网北京6月21日电 （记者张三）近日，甲。\n", None, "人民网北京6月21日电 （记者张三）近日，甲。"),
        ("本报讯（记者 张三）\n近日，甲。", None, "本报讯（记者 张三）\n近日，甲。"),
        ("【字号：大 中 小】\n近日，甲。", None, "【字号：大 中 小】\n近日，甲。"),
        ("国家电网公司党组巡视反馈情况\n近日，甲。", "国家电网公司党组巡视反馈情况", "近日，甲。"),
        # An official title of two lines: the office, then 关于…的通报.
        ("中共某某市委巡察工作领导小组办公室\n关于十届市委第八轮巡察反馈情况的通报\n根据市委统一部署，甲。",
         "中共某某市委巡察工作领导小组办公室\n关于十届市委第八轮巡察反馈情况的通报", "根据市委统一部署，甲。"),
        ("中共某某市委巡察工作领导小组办公室\r\n关于十届市委第八轮巡察反馈情况的通报",
         "中共某某市委巡察工作领导小组办公室\r\n关于十届市委第八轮巡察反馈情况的通报", None),
        ("北京通报巡视反馈情况\n关于甲，乙开展了巡察的情况\n", "北京通报巡视反馈情况", "关于甲，乙开展了巡察的情况"),
    ],
)  # fmt: skip
def test_preamble(preamble: str, title: str | None, lead: str | None) -> None:
    parts = split_preamble(fold(preamble))
    assert (preamble[slice(*parts.title)] if parts.title else None) == title
    assert (preamble[slice(*parts.lead)] if parts.lead else None) == lead


def test_round_from_other_wordings() -> None:
    lead = (
        "近日，据北京日报消息，北京市委第13轮巡察对甲等两个单位开展了常规巡察反馈。"
        "本轮巡察自2021年11月至2022年1月，约两个月。"
    )
    round_ = read_round(lead)
    assert round_.issuer == "北京市委"
    assert round_.term is None
    assert round_.number == 13
    assert round_.inspection == "巡察"
    assert round_.kinds == ["常规巡察"]
    assert round_.unit_count == 2
    assert (round_.period_start, round_.period_end) == ("2021-11", "2022-01")
    assert round_.duration_months == 2.0
    assert round_.common_problems == []
    assert round_.clues is None


@pytest.mark.parametrize(
    ("lead", "start", "end"),
    [
        ("本轮巡视自二〇二一年十月至十二月。", "2021-10", "2021-12"),
        ("本轮巡视自2021年10月中旬至12月。", "2021-10", "2021-12"),
        ("本轮巡视于2021年10月8日至12月20日进行。", "2021-10", "2021-12"),
        ("本轮巡视自2021年13月至12月。", None, None),
    ],
)
def test_round_periods(lead: str, start: str | None, end: str | None) -> None:
    round_ = read_round(lead)
    assert (round_.period_start, round_.period_end) == (start, end)


@pytest.mark.parametrize(
    ("lead", "months"),
    [
        ("约2个半月。", 2.5),
        ("约两个月。", 2.0),
        ("历时约2.5个月。", 2.5),
        ("1个多月。", None),
        ("3个月半", 3.5),
    ],
)
def test_round_durations(lead: str, months: float | None) -> None:
    assert read_round(lead).duration_months == months


def test_issuer_after_a_verb_and_a_particle() -> None:
    round_ = read_round("日前，北京纪检监察网通报了北京市委第十三轮巡视反馈情况。")
    assert round_.issuer == "北京市委"


@pytest.mark.parametrize(
    ("lead", "issuer"),
    [
        # The words before the issuer end in a verb (or 关于, 根据): they are not its.
        ("近日，县委巡察办向社会公开县委第五轮巡察对县教育局等12个单位的反馈情况。", "县委"),
        ("近日，某某县完成县委第五轮巡察反馈工作。", "县委"),
        ("县委书记主持召开会议，听取县委第五轮巡察情况汇报。", "县委"),
        ("近日，我县启动县委第五轮巡察反馈工作。", "县委"),
        ("近日，县委巡察组陆续召开县委第五轮巡察反馈会。", "县委"),
        ("关于县委第八轮巡察反馈情况的通报", "县委"),
        ("中共北京市委第十三轮巡视对甲开展了巡视。", "中共北京市委"),
        # Words ending in a verb name no issuer.
        ("近日，平安县委对县教育局等2家单位开展第四轮巡察。", None),
    ],
)
def test_issuer_after_other_verbs(lead: str, issuer: str | None) -> None:
    assert read_round(lead).issuer == issuer


@pytest.mark.parametrize(
    ("lead", "issuer", "term"),
    [
        (
            "近日，县委第十轮、第十一轮巡察分别对县教体局等10家单位党组织开展巡察反馈。",
            "县委",
            None,
        ),
        ("近日，十届县委第十轮巡察和第十一轮巡察分别对甲开展巡察。", "县委", 10),
        ("县委第十轮巡察、县委第十一轮巡察分别对甲开展巡察。", "县委", None),
    ],
)
def test_rounds_named_together_give_no_number(lead: str, issuer: str, term: int | None) -> None:
    """One number cannot hold two rounds: neither is given (XS101 says so), the issuer is."""
    round_ = read_round(lead)
    assert (round_.issuer, round_.term, round_.number, round_.inspection) == (
        issuer, term, None, "巡察",
    )  # fmt: skip


@pytest.mark.parametrize(
    ("lead", "issuer", "number"),
    [
        # County and district rounds are named by their year, on either side of the issuer.
        ("县委2023年第一轮巡察对县教育局等3家单位党组织开展了常规巡察。", "县委", 1),
        ("区委2024年度第二轮巡察反馈情况。", "区委", 2),
        ("通报了2023年区委第三轮巡察反馈情况。", "区委", 3),
        ("十一届县委二〇二三年第四轮巡察。", "县委", 4),
        # A verb before the year is not the issuer's.
        ("区委通报2023年第一轮巡察反馈情况。", "区委", 1),
        ("区委巡察办公布2023年第二轮巡察反馈情况。", "区委巡察办", 2),
        ("日前，通报了2023年第一轮巡察反馈情况。", None, 1),
        ("十二届北京市委第十三轮巡视。", "北京市委", 13),
    ],
)
def test_issuer_beside_the_year_of_the_round(lead: str, issuer: str | None, number: int) -> None:
    round_ = read_round(lead)
    assert (round_.issuer, round_.number) == (issuer, number)


@pytest.mark.parametrize(
    ("lead", "count"),
    [
        ("对市档案馆等38家单位党组织开展常规巡视。", 38),
        # The problems counted are not units; the count after 对 is.
        ("对2个单位开展巡察，发现存在理论学习不深入、主体责任落实不到位等3个方面问题。", 2),
        ("区委第一轮巡察对区财政局等4个单位开展巡察，存在甲、乙等5个方面问题。", 4),
        # A lead that names no unit.
        ("县委第二轮巡察对12个地区和单位开展了常规巡察。", 12),
        ("市委第三轮巡视对十二个单位党组织开展了巡视。", 12),
        ("区委第一轮巡察对两家单位开展了巡察。", 2),
        ("存在甲、乙等3个方面问题。", None),
        ("存在甲、乙等3个问题。", None),
        # Whatever units the count is of, after 对.
        ("县委第二轮巡察对14个县（市、区）党委开展了常规巡视。", 14),
        ("对28家市管企业党委开展巡视。", 28),
        ("对15个乡镇（街道）开展巡察。", 15),
        ("对区教委、区卫健委党组织开展了巡察。巡察组对3个问题线索已按规定移交。", None),
        # Units called the inspected ones.
        ("十届区委第三轮巡察的3个巡察组向被巡察的3家单位党组织反馈了巡察情况。", 3),
        ("省委巡视组近日向12个被巡视党组织反馈了巡视情况。", 12),
        ("市委巡视组向被巡视单位党组织反馈了巡视情况。", None),
        ("向被巡察单位反馈了发现的5个问题。", None),
        ("巡察组向县纪委监委移交12个被巡察单位的问题线索。", None),
        # The units inspected within places are counted, not the places; two counts are added.
        ("县委第五轮巡察对3个乡镇的45个村（社区）党组织开展巡察。", 45),
        ("县委第五轮巡察对8个乡镇和4个县直部门党组织开展巡察。", 12),
        ("县委第五轮巡察对3个乡镇的5个问题线索开展核查。", 3),
        ("市委第四轮巡察对某某县、某某区的8个乡镇（街道）党（工）委开展巡察。", 8),
        ("巡察组对巡察发现的3个方面问题提出整改意见。", None),
        # A scope or 共 before the count.
        ("县委第五轮巡察对全县12个乡镇党委开展了常规巡察。", 12),
        ("县委第五轮巡察共巡察了12个单位党组织。", 12),
        ("县委第五轮巡察对县教育局、县医保局等共12个单位党组织开展巡察。", 12),
    ],
)
def test_unit_counts(lead: str, count: int | None) -> None:
    assert read_round(lead).unit_count == count


@pytest.mark.parametrize(
    ("lead", "kinds"),
    [
        ("对甲等38家单位党组织开展常规巡视、提级巡视和专项巡视反馈情况。", ["常规巡视", "提级巡视", "专项巡视"]),
        # Kinds ending a clause are read when each is qualified.
        ("对甲等2家单位党组织开展了常规巡视。", ["常规巡视"]),
        ("对甲开展了常规巡察和专项巡察，并于6月反馈。", ["常规巡察", "专项巡察"]),
        ("对甲开展了第二轮巡视，", []),
        ("对甲开展了为期两个月的常规巡视，", []),
        ("对甲开展了巡察反馈。", []),
    ],
)  # fmt: skip
def test_round_kinds(lead: str, kinds: list[str]) -> None:
    assert read_round(lead).kinds == kinds


@pytest.mark.parametrize(
    "lead",
    [
        "存在落实主体责任不到位、干部管理不严等问题。",
        "存在落实主体责任不到位、干部管理不严等方面问题。",
        "存在落实主体责任不到位、干部管理不严等3个方面问题。",
        "存在落实主体责任不到位、干部管理不严等两个方面的问题。",
    ],
)
def test_common_problems_however_counted(lead: str) -> None:
    assert read_round(lead).common_problems == ["落实主体责任不到位", "干部管理不严"]


@pytest.mark.parametrize(
    ("lead", "start", "end"),
    [
        # A period in a clause about other work is not the round's; one introduced as the
        # round's wins over an earlier one.
        ("县委第五轮巡察对甲开展巡察，重点检查2021年1月至2022年12月期间的工作。本轮巡察自2023年3月至5月。",
         "2023-03", "2023-05"),
        ("巡察范围为2020年1月至2022年12月。本轮巡察于2023年3月至5月进行。", "2023-03", "2023-05"),
        ("县委第五轮巡察对甲开展巡察。巡察范围为2020年1月至2022年12月。", None, None),
        ("县委第五轮巡察对甲开展巡察。被巡察党组织要在2023年7月至9月完成整改。", None, None),
        ("整改时间为2023年7月至9月。", None, None),
        ("2023年4月至6月，县委第五轮巡察对甲开展了常规巡察。", "2023-04", "2023-06"),
        # 检查 after the period is the round's work.
        ("本轮巡察于2023年3月至5月对甲等12个单位进行检查。", "2023-03", "2023-05"),
        ("县委第五轮巡察于2023年3月至5月对甲开展巡察，整改于2023年7月至9月完成。", "2023-03", "2023-05"),
    ],
)  # fmt: skip
def test_round_period_is_not_one_of_other_work(
    lead: str, start: str | None, end: str | None
) -> None:
    round_ = read_round(lead, published=date(2023, 10, 1))
    assert (round_.period_start, round_.period_end) == (start, end)


@pytest.mark.parametrize(
    ("lead", "published", "start", "end"),
    [
        # A period naming no year takes the publication's.
        ("本轮巡视自3月下旬至6月上旬。", date(2023, 7, 10), "2023-03", "2023-06"),
        ("本轮巡察于今年3月至5月开展。", date(2023, 6, 1), "2023-03", "2023-05"),
        # Started in a later month than the bulletin's: the year before.
        ("本轮巡视自10月至12月。", date(2024, 1, 15), "2023-10", "2023-12"),
        ("本轮巡视自11月至1月。", date(2024, 2, 1), "2023-11", "2024-01"),
        # Without a publication date, no period; a year in the lead wins.
        ("本轮巡视自3月至5月。", None, None, None),
        ("本轮巡视自2021年10月至12月。", date(2023, 7, 10), "2021-10", "2021-12"),
        # Months alone elsewhere in the lead are no period.
        ("6月至7月陆续反馈。", date(2023, 7, 10), None, None),
        # Introduced by 时间为, 时间是, 时间：, or opening a clause closed by a comma.
        ("本轮巡视时间为3月下旬至6月上旬。", date(2023, 7, 10), "2023-03", "2023-06"),
        ("巡察时间是今年3月至5月。", date(2023, 7, 10), "2023-03", "2023-05"),
        ("巡察时间：3月至5月。", date(2023, 7, 10), "2023-03", "2023-05"),
        ("巡察时间：2022年3月至5月。", date(2023, 7, 10), "2022-03", "2022-05"),
        ("市委巡视组于3月中旬至5月下旬对甲进行了巡视。", date(2023, 7, 10), "2023-03", "2023-05"),
        ("3月中旬至5月下旬，市委巡视组对甲进行了巡视。", date(2023, 7, 10), "2023-03", "2023-05"),
        ("日前，3月至5月期间，市委巡视组对甲开展巡视。", date(2023, 7, 10), "2023-03", "2023-05"),
        ("3月中旬至5月下旬，市委巡视组对甲进行了巡视。", None, None, None),
        # Across a year end, with or without 次年.
        ("本轮巡视自11月至次年1月。", date(2024, 2, 1), "2023-11", "2024-01"),
        ("巡视时间为11月至次年1月。", date(2024, 2, 1), "2023-11", "2024-01"),
        ("11月至1月，市委巡视组对甲进行了巡视。", date(2024, 2, 1), "2023-11", "2024-01"),
        # Months that are no period: a duration, a deadline, a time of rectification.
        ("整改期限为3个月。", date(2023, 7, 10), None, None),
        ("要求6月底前完成整改。", date(2023, 7, 10), None, None),
        ("巡视组要求，9月至10月完成整改。", date(2023, 7, 10), None, None),
        ("整改时间为9月至10月。", date(2023, 7, 10), None, None),
        ("对甲开展巡视，11月至1月陆续反馈。", date(2024, 2, 1), None, None),
        ("反馈时间为7月至8月。", date(2024, 7, 12), None, None),
        ("整改落实时间为9月至10月。", date(2024, 7, 12), None, None),
        ("9月至10月，为集中整改期。", date(2024, 7, 12), None, None),
        ("下一步，9月至10月，县委巡察办将开展整改督查。", date(2024, 7, 12), None, None),
        # 次年 names the year after the start's.
        ("巡察时间为3月至次年5月。", date(2024, 7, 12), "2023-03", "2024-05"),
    ],
)
def test_round_periods_without_a_year(
    lead: str, published: date | None, start: str | None, end: str | None
) -> None:
    round_ = read_round(lead, published=published)
    assert (round_.period_start, round_.period_end) == (start, end)


@pytest.mark.parametrize("lead", ["本轮巡视自2021年11月至1月。", "本轮巡视自2021年11月至次年1月。"])
def test_round_months_wrapping_into_next_year(lead: str) -> None:
    round_ = read_round(lead)
    assert (round_.period_start, round_.period_end) == ("2021-11", "2022-01")


def test_round_period_ending_the_next_year() -> None:
    round_ = read_round("巡察于2023年3月至次年5月进行。")
    assert (round_.period_start, round_.period_end) == ("2023-03", "2024-05")


def test_round_absent() -> None:
    round_ = read_round("甲乙丙。")
    assert round_.issuer is None
    assert round_.number is None
    assert round_.kinds == []


@pytest.mark.parametrize(
    ("trailer", "kind"),
    [
        ("【市委第十巡视组向市体育局党组反馈巡视“回头看”情况】", "巡视“回头看”"),
        ("【市委第一巡视组向甲反馈专项巡视情况】", "专项巡视"),
        ("【区委第二巡察组向乙反馈巡察情况】", "巡察"),
        ("【中央第三巡视组向某省反馈情况】", None),
        ("【市委巡視組向甲反饋巡視“回頭看”情況】", "巡視“回頭看”"),
        ("【市委第一巡视组向甲反馈 巡视整治 情况】", "巡视整治"),
    ],
)  # fmt: skip
def test_trailer_kind_is_what_stands_between_feedback_and_situation(
    trailer: str, kind: str | None
) -> None:
    match = TRAILER.fullmatch(fold(trailer))
    assert match is not None
    assert read_trailer(match, trailer)["kind"] == kind


def test_trailer_kind_has_a_reach() -> None:
    # Far more words than a kind between 反馈 and 情况: no trailer.
    assert TRAILER.search(fold("【市委第一巡视组向甲反馈" + "甲" * 40 + "情况】")) is None


@pytest.mark.parametrize(
    ("line", "source"),
    [
        ("时间：2022-04-08　来源：北京纪检监察网", "北京纪检监察网"),
        # A source's own aside keeps its bracket; a bracket closing around the line does not.
        ("时间：2022-04-08　来源：北京日报（客户端）", "北京日报（客户端）"),
        ("来源：中央纪委国家监委网站(www.ccdi.gov.cn)", "中央纪委国家监委网站(www.ccdi.gov.cn)"),
        ("（责任编辑：王蒙 来源：某网）", "某网"),
        ("（来源：北京日报（客户端））", "北京日报（客户端）"),
        ("（来源：北京日报(客户端)）", "北京日报(客户端)"),
        ("【责任编辑：王蒙　来源：某网】", "某网"),
        ("来源：）", None),
    ],
)
def test_sources(line: str, source: str | None) -> None:
    assert read_dateline(line)[1] == source


def test_a_lead_naming_no_round_takes_it_from_the_title() -> None:
    from xunshi_parser import parse

    text = (
        "某某县委第五轮巡察反馈情况\n"
        "根据县委统一部署，县委5个巡察组对全县12个乡镇党委开展了常规巡察。\n"
        "■城关镇党委：乡村振兴政策落实有偏差乡村振兴政策落实有偏差，项目推进缓慢。"
        "【县委第一巡察组向城关镇党委反馈巡察情况】\n"
    )
    round_ = parse(text).round
    assert round_ is not None
    assert (round_.issuer, round_.number, round_.inspection, round_.unit_count) == (
        "某某县委", 5, "巡察", 12,
    )  # fmt: skip
    # The lead's own values stand: only what it does not name comes from the title.
    lead_names = text.replace("根据县委统一部署，县委", "根据县委统一部署，十二届市委第三轮巡察的")
    round_ = parse(lead_names).round
    assert round_ is not None
    assert (round_.issuer, round_.term, round_.number) == ("市委", 12, 3)
