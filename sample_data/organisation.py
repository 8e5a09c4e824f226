"""The bank's regions, branches, teams and staff: fixed, whatever the scale."""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np

# (branch_id, branch_name, region, relative size, rural)
BRANCHES: tuple[tuple[str, str, str, float, bool], ...] = (
    ("HZ-01", "杭州西湖支行", "浙江", 1.4, False),
    ("HZ-02", "杭州滨江支行", "浙江", 1.3, False),
    ("HZ-03", "杭州萧山支行", "浙江", 1.1, False),
    ("HZ-04", "杭州余杭支行", "浙江", 1.2, False),
    ("NB-01", "宁波鄞州支行", "浙江", 1.1, False),
    ("NB-02", "宁波海曙支行", "浙江", 0.9, False),
    ("WZ-01", "温州鹿城支行", "浙江", 1.0, False),
    ("SX-01", "绍兴越城支行", "浙江", 0.8, False),
    ("JX-01", "嘉兴南湖支行", "浙江", 0.8, False),
    ("JH-01", "金华婺城支行", "浙江", 0.7, False),
    ("LS-01", "丽水莲都支行", "浙江", 0.5, True),
    ("NJ-01", "南京鼓楼支行", "江苏", 1.3, False),
    ("NJ-02", "南京玄武支行", "江苏", 1.1, False),
    ("NJ-03", "南京江宁支行", "江苏", 1.0, False),
    ("SZ-01", "苏州工业园区支行", "江苏", 1.4, False),
    ("SZ-02", "苏州姑苏支行", "江苏", 1.0, False),
    ("WX-01", "无锡梁溪支行", "江苏", 0.9, False),
    ("CZ-01", "常州天宁支行", "江苏", 0.8, False),
    ("NT-01", "南通崇川支行", "江苏", 0.7, False),
    ("XZ-01", "徐州云龙支行", "江苏", 0.7, False),
    ("YC-01", "盐城亭湖支行", "江苏", 0.5, True),
    ("SH-01", "上海浦东支行", "上海", 1.6, False),
    ("SH-02", "上海徐汇支行", "上海", 1.3, False),
    ("SH-03", "上海静安支行", "上海", 1.2, False),
    ("SH-04", "上海闵行支行", "上海", 1.2, False),
    ("SH-05", "上海黄浦支行", "上海", 1.0, False),
    ("SH-06", "上海宝山支行", "上海", 0.9, False),
    ("HF-01", "合肥蜀山支行", "安徽", 1.0, False),
    ("HF-02", "合肥包河支行", "安徽", 0.9, False),
    ("WH-01", "芜湖镜湖支行", "安徽", 0.7, False),
    ("AQ-01", "安庆迎江支行", "安徽", 0.5, True),
    ("FY-01", "阜阳颍州支行", "安徽", 0.6, True),
)

TEAM_NAMES = ("厅堂服务组", "社区外拓组", "对公代发组")

SURNAMES = tuple(
    "王李张刘陈杨黄赵吴周徐孙马朱胡郭何林罗高郑梁谢宋唐许韩冯邓曹彭曾肖田董潘袁蔡蒋余于杜叶程魏苏吕丁沈任姚卢钟姜崔谭陆汪范金石廖贾夏韦方白邹孟熊秦邱江尹薛闫段雷侯龙史陶黎贺顾毛郝龚邵万钱严覃武戴莫孔向汤"
)
GIVEN = tuple(
    "伟芳娜敏静丽强磊军洋勇艳杰娟涛明超秀霞平刚桂英华玉萍红娥玲芬燕彬鹏辉建国晨晓倩婷宇浩凯欣怡佳琪雪梅丹阳颖斌俊波萌悦瑶思然子涵雨轩博文嘉慧志峰海燕"
)


@dataclass(frozen=True)
class Organisation:
    """Branches, teams and staff, with the hidden traits that drive the stories.

    ``staff_weight`` is how much new business a member of staff brings in;
    it varies by team so that some teams beat their targets and others miss.
    """

    branch_ids: list[str]
    branch_names: list[str]
    regions: list[str]
    branch_size: np.ndarray
    branch_rural: np.ndarray
    team_ids: list[str]
    team_branch: np.ndarray
    team_names: list[str]
    staff_ids: list[str]
    staff_team: np.ndarray
    staff_names: list[str]
    staff_weight: np.ndarray

    @property
    def staff_branch(self) -> np.ndarray:
        return self.team_branch[self.staff_team]

    @property
    def region_names(self) -> list[str]:
        return list(dict.fromkeys(self.regions))


def build_organisation(rng: np.random.Generator) -> Organisation:
    team_ids: list[str] = []
    team_branch: list[int] = []
    team_names: list[str] = []
    staff_ids: list[str] = []
    staff_team: list[int] = []
    staff_names: list[str] = []
    staff_weight: list[float] = []
    used_names: set[str] = set()
    for b, (branch_id, *_rest) in enumerate(BRANCHES):
        for t in range(int(rng.integers(2, 4))):
            team_ids.append(f"{branch_id}-T{t + 1}")
            team_branch.append(b)
            team_names.append(TEAM_NAMES[t])
            team_drive = rng.lognormal(0.0, 0.35)
            for _ in range(int(rng.integers(4, 9))):
                staff_ids.append(f"E{10001 + len(staff_ids)}")
                staff_team.append(len(team_ids) - 1)
                staff_names.append(_unique_name(rng, used_names))
                staff_weight.append(team_drive * rng.lognormal(0.0, 0.4))
    return Organisation(
        branch_ids=[b[0] for b in BRANCHES],
        branch_names=[b[1] for b in BRANCHES],
        regions=[b[2] for b in BRANCHES],
        branch_size=np.array([b[3] for b in BRANCHES]),
        branch_rural=np.array([b[4] for b in BRANCHES]),
        team_ids=team_ids,
        team_branch=np.array(team_branch),
        team_names=team_names,
        staff_ids=staff_ids,
        staff_team=np.array(staff_team),
        staff_names=staff_names,
        staff_weight=np.array(staff_weight),
    )


def _unique_name(rng: np.random.Generator, used: set[str]) -> str:
    while True:
        given_length = 1 if rng.random() < 0.35 else 2
        name = rng.choice(SURNAMES) + "".join(rng.choice(GIVEN, given_length))
        if name not in used:
            used.add(name)
            return name
