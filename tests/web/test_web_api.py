"""The server without a browser, over real HTTP: what a hostile upload, a foreign site, a
second session or an open network address can and cannot do."""

from __future__ import annotations

import io
import json
import stat
import urllib.parse
import urllib.request
import zipfile
from pathlib import Path

from webtools import SAMPLES, Client, start

GOOD = SAMPLES / "病历评审费用项目.xlsx"


def _zip(entries: list[tuple[str, bytes, int | None]]) -> bytes:
    buf = io.BytesIO()
    with zipfile.ZipFile(buf, "w") as zf:
        for name, data, mode in entries:
            info = zipfile.ZipInfo(name)
            if mode is not None:
                info.external_attr = mode << 16
            zf.writestr(info, data)
    return buf.getvalue()


def _all_files(folder: Path) -> set[str]:
    return {p.relative_to(folder).as_posix() for p in folder.rglob("*")}


def test_zip_entries_cannot_leave_the_job_folder(server, tmp_path):
    url, jobs = server
    outside = tmp_path / "victim"
    outside.mkdir()
    before = _all_files(jobs.parent)
    payload = _zip([
        ("../../x.xlsx", GOOD.read_bytes(), None),
        (str(outside / "abs.xlsx"), GOOD.read_bytes(), None),  # an absolute path
        ("link.xlsx", b"/etc/passwd", stat.S_IFLNK | 0o777),  # a symbolic link
        ("ok/病历.xlsx", GOOD.read_bytes(), None),
    ])
    client = Client(url)
    client.open_page()
    status, body = client.upload([("inbox.zip", payload)])
    assert status == 200, body
    data = client.wait(body["id"])
    assert [f["file"] for f in data["files"]] == ["ok/病历.xlsx"]
    assert data["files"][0]["status"] == "ok"
    reasons = {r["name"]: r["reason"] for r in data["refused"]}
    assert "「..」" in reasons["inbox.zip/../../x.xlsx"]
    assert "绝对路径" in reasons[f"inbox.zip/{outside / 'abs.xlsx'}"]
    assert "链接" in reasons["inbox.zip/link.xlsx"]
    # nothing new anywhere but inside this job's own folder
    job_folder = f"jobs/{body['id']}"
    new = {p for p in _all_files(jobs.parent) - before if not p.startswith(job_folder)}
    assert new <= {"jobs"}, new
    assert list(outside.iterdir()) == []
    assert not (jobs.parent.parent / "x.xlsx").exists()
    assert not any(p.is_symlink() for p in (jobs / body["id"]).rglob("*"))


def test_inbox_zip_that_is_a_bomb_is_refused_before_inflating(server):
    url, _ = server
    buf = io.BytesIO()
    with zipfile.ZipFile(buf, "w", zipfile.ZIP_DEFLATED) as zf:
        zf.writestr("big.xlsx", b"\0" * (64 * 1024 * 1024))  # 64 MB of zeros deflate ~1000:1
    client = Client(url)
    client.open_page()
    status, body = client.upload([("bomb.zip", buf.getvalue()), ("病历.xlsx", GOOD.read_bytes())])
    assert status == 200
    data = client.wait(body["id"])
    assert [f["file"] for f in data["files"]] == ["病历.xlsx"]  # the good file is audited
    assert "压缩炸弹" in data["refused"][0]["reason"]


def test_state_changes_need_the_sessions_csrf_token_and_own_origin(server):
    url, _ = server
    client = Client(url)
    client.open_page()
    status, body = client.upload([("a.xlsx", GOOD.read_bytes())], csrf="0" * 64)
    assert status == 403 and "刷新页面" in body["error"]
    status, body = client.upload([("a.xlsx", GOOD.read_bytes())], csrf="é" * 64)  # non-ASCII: refused, no crash
    assert status == 403
    status, body = client.upload([("a.xlsx", GOOD.read_bytes())], origin="http://evil.example")
    assert status == 403
    status, body = client.upload([("a.xlsx", GOOD.read_bytes())], origin=url.rstrip("/"))
    assert status == 200
    client.wait(body["id"])
    status, _ = client.request(f"api/jobs/{body['id']}", "DELETE")  # no token: refused
    assert status == 403
    status, _ = client.request(f"api/jobs/{body['id']}", "DELETE", headers={"X-CSRF-Token": client.csrf})
    assert status == 200


def test_a_second_session_sees_nothing_of_the_first(server):
    url, jobs = server
    a, b = Client(url), Client(url)
    a.open_page()
    b.open_page()
    status, body = a.upload([("甲.xlsx", GOOD.read_bytes())])
    job = body["id"]
    a.wait(job)
    assert len(job) >= 40  # 32 random bytes, base64
    assert b.json("api/jobs") == (200, [])
    for path in (f"api/jobs/{job}", f"api/jobs/{job}/download/summary", f"api/jobs/{job}/download/findings",
                 f"api/jobs/{job}/download/corrected?file=甲.xlsx".replace("甲", "%E7%94%B2"),
                 f"api/jobs/{job}/grid?file=%E7%94%B2.xlsx&kind=table&index=0"):
        assert b.get(path)[0] == 404, path
        assert a.get(path)[0] == 200, path
    assert b.request(f"api/jobs/{job}", "DELETE", headers={"X-CSRF-Token": b.csrf})[0] == 404
    assert (jobs / job).is_dir()  # b could not clear it
    assert Client(url).get(f"api/jobs/{job}")[0] == 404  # no session at all


def test_non_loopback_host_requires_the_token(tmp_path):
    # Bound to every address, the server must ask for the token of every client, the
    # loopback one included: the check is the server's binding, not the caller's address.
    with start(tmp_path, host="0.0.0.0", token="s3cret-token") as url:
        local = url.replace("0.0.0.0", "127.0.0.1")
        for path in ("", "api/jobs", "api/profiles", "static/app.js"):
            status, body = Client(local).get(path)
            assert status == 403, path
            assert "需要访问令牌" in body.decode("utf-8")
        assert Client(local).get("?token=wrong")[0] == 403
        assert Client(local).get("?token=%E4%BB%A4%E7%89%8C")[0] == 403  # non-ASCII: refused, not a crash
        assert Client(local, {"evalxl_access": "x"}).get("")[0] == 403
        opener = urllib.request.build_opener(urllib.request.HTTPCookieProcessor())
        with opener.open(local + "?token=s3cret-token") as resp:  # the cookie is set, then the page
            assert resp.status == 200 and "csrf-token" in resp.read().decode("utf-8")
        with opener.open(local + "api/profiles") as resp:
            assert resp.status == 200
        # and from this machine's network address, when it has one: a real non-loopback client
        from evalxl.web.server import _lan_address

        lan = _lan_address()
        if lan is not None:
            remote = url.replace("0.0.0.0", lan)
            status, body = Client(remote).get("api/jobs")
            assert status == 403 and "需要访问令牌" in body.decode("utf-8")
            assert Client(remote).get("?token=s3cret-token")[0] == 200


def test_loopback_server_refuses_a_foreign_host_header(server):
    url, _ = server
    status, body = Client(url).request("", headers={"Host": "rebind.example:80"})
    assert status == 403 and "地址不正确" in body.decode("utf-8")


def test_uploads_are_bounded_by_the_profile_limits(tmp_path):
    from evalxl.profile import load_profile

    small = tmp_path / "small.toml"
    small.write_text("[limits]\nmax_upload_mb = 1\nmax_upload_files = 2\n", encoding="utf-8")
    with start(tmp_path, profiles={"custom": load_profile(small)}) as url:
        client = Client(url)
        client.open_page()
        status, body = client.upload([(f"{i}.xlsx", GOOD.read_bytes()) for i in range(3)])
        assert status == 413 and "最多上传 2 个文件" in body["error"]
        status, body = client.upload([("big.xlsx", b"x" * (3 * 1024 * 1024))])  # 3 MB > 1 MB + form margin
        assert status == 413 and "MB" in body["error"]
        assert client.json("api/jobs") == (200, [])
        assert list((tmp_path / "jobs").iterdir()) == []  # refused uploads leave nothing behind


def test_rule_page_and_unknown_pages_are_chinese(server):
    url, _ = server
    status, body = Client(url).get("rules/F003")
    assert status == 200 and "资金得分填成了百分比" in body.decode("utf-8")
    status, body = Client(url).get("no/such/page")
    assert status == 404 and "没有这个页面" in body.decode("utf-8")


def test_finished_jobs_are_deleted_after_the_set_time(tmp_path):
    # keep_seconds=0: a finished job is past its time at the next sweep (run on every list)
    with start(tmp_path, keep_seconds=0) as url:
        client = Client(url)
        client.open_page()
        job = client.upload([("a.xlsx", GOOD.read_bytes())])[1]["id"]
        client.wait(job)
        assert (tmp_path / "jobs" / job).is_dir()
        assert client.json("api/jobs") == (200, [])
        assert not (tmp_path / "jobs" / job).exists()
        assert client.get(f"api/jobs/{job}")[0] == 404


def test_pages_carry_security_headers(server):
    url, _ = server
    req = urllib.request.Request(url)
    with urllib.request.urlopen(req) as resp:
        assert "frame-ancestors 'none'" in resp.headers["Content-Security-Policy"]
        assert resp.headers["X-Frame-Options"] == "DENY"
        assert resp.headers["Referrer-Policy"] == "no-referrer"


def test_the_chosen_profile_is_the_one_the_job_runs(tmp_path):
    from evalxl.profile import load_profile

    strict = tmp_path / "strict.toml"
    strict.write_text('name = "strict"\ntitle = "测试规则"\n[rules]\nignore = ["T"]\n', encoding="utf-8")
    profiles = {"national": load_profile(None), "strict": load_profile(strict)}
    with start(tmp_path, profiles=profiles) as url:
        client = Client(url)
        client.open_page()
        assert [p["title"] for p in client.json("api/profiles")[1]] == ["全国通用规则（财预〔2020〕10号）", "测试规则"]
        book = (SAMPLES / "区医保局_医保信息化建设项目自评表.xlsx").read_bytes()
        codes = {}
        for name in profiles:
            job = client.upload([("a.xlsx", book)], profile=name)[1]["id"]
            data = client.wait(job)
            assert data["profile"] == profiles[name].title
            codes[name] = {f["code"][0] for f in data["files"][0]["findings"]}
            findings = json.loads(client.get(f"api/jobs/{job}/download/findings")[1])
            assert findings["profile"] == name
        # the sample's entered total 99.6 differs from the recomputed 99.9: a T finding
        # under the national rules, none where the profile ignores the T family
        assert "T" in codes["national"] and "T" not in codes["strict"]


def test_bad_requests_get_a_chinese_sentence(server):
    url, _ = server
    client = Client(url)
    client.open_page()
    job = client.upload([("a.xlsx", GOOD.read_bytes()), ("坏.xlsx", b"not a workbook")])[1]["id"]
    client.wait(job)
    for path, words in ((f"api/jobs/{job}/grid?file=a.xlsx&kind=table&index=99", "无法以表格形式显示"),
                        (f"api/jobs/{job}/grid?file=a.xlsx&kind=table&index=x", "无法以表格形式显示"),
                        (f"api/jobs/{job}/grid?file=%E5%9D%8F.xlsx&kind=table&index=0", "没有这张表"),
                        (f"api/jobs/{job}/download/corrected?file=../../etc/passwd", "没有这个文件"),
                        (f"api/jobs/{job}/download/nothing", "没有这个文件"),
                        ("api/jobs/not-a-job", "没有这项审核")):
        status, body = client.get(path)
        assert status == 404, path
        assert words in json.loads(body)["error"], path
    status, body = client.request("api/jobs", "POST", b"garbage", {"Content-Type": "multipart/form-data; boundary=x",
                                                                   "X-CSRF-Token": client.csrf})
    assert status == 400
    assert json.loads(body)["error"] in ("没有收到文件，请选择自评表、文件夹或压缩包",
                                         "上传的内容无法识别，或文件数超出上限，请重新选择文件")


WORD = SAMPLES / "word" / "区医保局_医保信息化建设项目自评表.docx"


def test_a_word_tables_grid_is_keyed_as_its_findings_name_cells(server):
    """Checked by hand in the document's XML (table 1; a cell counted as Word counts the
    w:tc of its row): row 15's 8th cell holds 得分 9.6 where 96÷97×10 = 9.897 → 9.9 is due
    (成本指标, lower is better); row 24's 7th cell the total 99.6 where 10 + 89.9 = 99.9 is
    due; row 12's 1st cell 数量指标 is vMerge-restarted and continued in rows 13–15, and
    row 5's 1st cell spans two grid columns (gridSpan 2)."""
    url, _ = server
    client = Client(url)
    client.open_page()
    job = client.upload([(WORD.name, WORD.read_bytes())])[1]["id"]
    data = client.wait(job)
    (result,) = data["files"]
    status, grid = client.json(f"api/jobs/{job}/grid?file={urllib.parse.quote(WORD.name)}&kind=table&index=0")
    assert status == 200, grid
    cells = {c["key"]: c for r in grid["rows"] for c in r["cells"]}
    assert [r["label"] for r in grid["rows"]] == [str(n) for n in range(1, 25)]
    assert (cells["第15行 第8列"]["text"], cells["第24行 第7列"]["text"]) == ("9.6", "99.6")
    assert (cells["第12行 第1列"]["rowspan"], cells["第12行 第1列"]["colspan"]) == (4, 1)
    assert (cells["第5行 第1列"]["rowspan"], cells["第5行 第1列"]["colspan"]) == (1, 2)
    assert "第13行 第1列" not in cells  # covered by the merge above, not drawn twice
    fixes = {f["cell"]: f["fix"]["value"] for f in result["findings"] if f["fix"]}
    assert fixes["第15行 第8列"] == 9.9 and fixes["第24行 第7列"] == 99.9
    # every finding on a cell of the table marks a cell the grid draws
    assert {f["cell"] for f in result["findings"] if f["cell"] and "行" in f["cell"]} <= set(cells)
