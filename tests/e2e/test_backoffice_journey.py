"""Back-office in a real browser: import a white-list file (report, commit, publish), then the
statistics page with its charts."""

from __future__ import annotations

from playwright.sync_api import expect

from enterprises.models import EnterpriseProfile, WhitelistEntry
from tests import factories


def csv_file(tmp_path, name: str, rows: list[list[str]]) -> str:
    path = tmp_path / name
    lines = ["统一社会信用代码,企业名称,所在城市,所属产业链,推荐部门", *[",".join(r) for r in rows]]
    path.write_text("\n".join(lines) + "\n", encoding="utf-8-sig")
    return str(path)


def funded_loan() -> None:
    """One granted loan on a chain, so that every chart has data."""
    from enterprises.models import ChainSegment
    from matching.engine.matcher import match_need
    from matching.engine.registry import get_domain
    from matching.engine.transitions import match_transition
    from matching.models import Match

    firm = factories.enterprise().membership.organization
    firm.enterprise_profile.chain_segments.add(ChainSegment.objects.order_by("id").first())
    factories.product(factories.bank().membership.organization)
    loan = factories.loan_request(firm)
    match_need(get_domain("financing"), loan.pk)
    match = Match.objects.get(need_id=loan.pk)
    match_transition(match_id=match.pk, actor=None, to="interested", side="need")
    match_transition(match_id=match.pk, actor=None, to="contacted", side="offer")
    match_transition(match_id=match.pk, actor=None, to="succeeded", side="offer",
                     outcome={"amount": "2000000", "rate": "3.6", "term": 12})


def test_operator_imports_commits_publishes_and_reads_statistics(page, shot, tmp_path):
    operator = factories.OperatorFactory()
    funded_loan()
    listed = factories.enterprise(name="株洲白名单候选有限公司").membership.organization
    good = [listed.uscc, "株洲白名单候选有限公司", "株洲市", "工程机械", "株洲市工业和信息化局"]
    new_firm = [factories.make_uscc(adcode="430100"), "长沙新注册装备有限公司", "长沙市", "", "长沙市工业和信息化局"]
    bad = ["914302000000000000", "校验位错误有限公司", "株洲市", "", "株洲市工业和信息化局"]

    page.goto("/login/")
    page.get_by_label("用户名").fill(operator.username)
    page.locator("#id_password").fill(factories.PASSWORD)
    page.get_by_role("button", name="登录").click()

    # A file with a bad check character: the dry run reports it row by row and writes nothing
    page.goto("/backoffice/whitelist/")
    page.locator("#id_file").set_input_files(csv_file(tmp_path, "mixed.csv", [good, bad, new_firm]))
    page.locator("#id_number").fill("1")
    page.get_by_role("button", name="上传").click()
    expect(page.locator("main")).to_contain_text("逐行报告")
    expect(page.locator(".wl-row-error")).to_contain_text("校验位错误")
    expect(page.get_by_role("button", name="提交入库")).to_have_count(0)
    assert not WhitelistEntry.objects.exists()
    shot(page, "whitelist-report")

    # The corrected file commits: a batch with two firms (one created as a pending enterprise)
    page.goto("/backoffice/whitelist/")
    page.locator("#id_file").set_input_files(csv_file(tmp_path, "clean.csv", [good, new_firm]))
    page.locator("#id_number").fill("1")
    page.get_by_role("button", name="上传").click()
    page.get_by_role("button", name="提交入库").click()
    expect(page.locator("main")).to_contain_text("已入库")
    assert WhitelistEntry.objects.count() == 2

    # Publish the batch: listed firms are flagged for banks
    page.goto("/backoffice/whitelist/")
    page.locator("main a[href^='/backoffice/whitelist/batches/']").first.click()
    page.get_by_role("link", name="发布…").click()
    page.get_by_role("button", name="确认发布").click()
    expect(page.locator("body")).to_contain_text("白名单已发布")
    assert EnterpriseProfile.objects.get(organization=listed).whitelist_batch.number == 1

    # Statistics page: computed numbers, four charts drawn from local Chart.js
    page.goto("/backoffice/stats/")
    page.get_by_role("button", name="立即重新计算").click()
    expect(page.locator("main")).to_contain_text("统计时间")
    expect(page.locator("canvas")).to_have_count(4)
    shot(page, "statistics")
