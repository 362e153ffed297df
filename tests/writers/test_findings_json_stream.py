"""findings.json is written record by record (issue 18: at 10 000 workbooks the report
held as dicts, then as one string, then as bytes was the run's peak), with the very bytes
the whole-report path gives."""

from evalxl.console import RawJSON, json_record_chunks, json_records
from evalxl.findings import FileResult
from evalxl.writers import findings_json


def test_record_chunks_are_the_records_text():
    obj = {"version": 1, "files": iter([{"a": 1}, {"b": "二"}]), "none": iter([]), "plain": [1, 2],
           "summary": {"n": 2, "m": [{"x": 1}]}, "raw": iter([RawJSON('{"c": 3}')])}
    # by hand: one key a line; a list of records one record a line, indented two spaces
    # and closed by " ]"; an empty list, a list of non-records and a dict stay on their
    # line; a record given as text (RawJSON) is written as it is
    expected = ('{\n "version": 1,\n "files": [\n  {"a": 1},\n  {"b": "二"}\n ],\n "none": [],\n "plain": [1,2],\n'
                ' "summary": {"n": 2,"m": [{"x": 1}]},\n "raw": [\n  {"c": 3}\n ]\n}')
    assert "".join(json_record_chunks(obj)) == expected
    listed = {"version": 1, "files": [{"a": 1}, {"b": "二"}], "none": [], "plain": [1, 2],
              "summary": {"n": 2, "m": [{"x": 1}]}, "raw": [{"c": 3}]}
    assert json_records(listed) == expected


def test_written_file_is_the_whole_report(tmp_path):
    files = [FileResult("甲.xlsx", "unreadable", "文件已损坏"), FileResult("乙.xlsx", "no_table", "未找到")]
    whole = json_records(findings_json.report_data(files, "national")) + "\n"
    findings_json.write(tmp_path / "f.json", files, "national")
    assert (tmp_path / "f.json").read_bytes() == whole.encode("utf-8")
    assert '"findings": []' in whole  # no findings: the empty list on its line
