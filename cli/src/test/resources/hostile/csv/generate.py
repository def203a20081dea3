#!/usr/bin/env python3
"""Hostile prediction inputs for the `csv` group of the hostile corpus, and its cases.tsv.

Run from this directory: python3 generate.py (standard library only). Every case runs
`brine predict model.brine --input CASE.csv --output out.csv`; model.brine is the logistic regression of
../core/honest_logistic.brine (four features x0..x3, written by `brine train`). An input that does not fit the
model (a missing column, a column the model does not use, text, a missing value) is incompatible (exit 6); the
controls (exit 0) are inputs a spreadsheet or pandas writes every day.
"""

CASES = []
HEADER = b"x0,x1,x2,x3"
ROW = b"1,2,3,4"


def case(name, exit_code, why, data):
    with open(name, "wb") as f:
        f.write(data)
    CASES.append((name, "predict", exit_code, why))


case("honest.csv", 0, "control: four columns, two rows", HEADER + b"\n" + ROW + b"\n5,6,7,8\n")
case("crlf.csv", 0, "control: Windows line endings", HEADER + b"\r\n" + ROW + b"\r\n")
case("bom_utf8.csv", 0, "control: a UTF-8 byte order mark before the header, as Excel writes", b"\xef\xbb\xbf" + HEADER
     + b"\n" + ROW + b"\n")
case("extra_column.csv", 6, "a column the model does not use, without --keep", HEADER + b",note\n" + ROW + b",hello\n")
case("header_only.csv", 0, "control: a header and no rows", HEADER + b"\n")
case("empty.csv", 6, "zero bytes", b"")
case("bom_twice.csv", 0, "two byte order marks, both skipped", b"\xef\xbb\xbf" * 2 + HEADER + b"\n"
     + ROW + b"\n")
case("bom_utf16.csv", 0, "UTF-16LE, decoded by its byte order mark", (HEADER + b"\n" + ROW + b"\n").decode().encode("utf-16"))
case("bom_utf32.csv", 0, "UTF-32, decoded by its byte order mark", (HEADER + b"\n" + ROW + b"\n").decode().encode("utf-32"))
case("bom_in_value.csv", 6, "a byte order mark inside a number", HEADER + b"\n1,\xef\xbb\xbf2,3,4\n")
case("missing_column.csv", 6, "x3 missing", b"x0,x1,x2\n1,2,3\n")
case("duplicate_column.csv", 6, "x0 twice", b"x0,x0,x1,x2,x3\n1,2,3,4,5\n")
case("short_row.csv", 6, "a row with three of four fields", HEADER + b"\n1,2,3\n")
case("long_row.csv", 6, "a row with five fields under four names", HEADER + b"\n1,2,3,4,5\n")
case("not_a_number.csv", 6, "a word where a number belongs", HEADER + b"\n1,two,3,4\n")
case("hex_float.csv", 6, "a Java-only hexadecimal float literal 0x1p3", HEADER + b"\n0x1p3,2,3,4\n")
case("java_suffix.csv", 6, "a Java-only float suffix 1d", HEADER + b"\n1d,2f,3,4\n")
case("huge_exponent.csv", 0, "1e999999999 reads as infinity, as in pandas", HEADER + b"\n1e999999999,2,3,4\n")
case("long_number.csv", 0, "a number of 100000 digits reads as infinity, as in pandas", HEADER + b"\n" + b"1" * 100_000 + b",2,3,4\n")
case("long_fraction.csv", 0, "a number with 100000 fraction digits: a valid number, parsed in bounded time",
     HEADER + b"\n0." + b"3" * 100_000 + b",2,3,4\n")
case("giant_line.csv", 6, "a 500 kB header line of one name", b"x" * 500_000 + b"\n" + ROW + b"\n")
case("no_newline_giant.csv", 6, "500 kB without a line break (a header of one name, 250000 times)", b"1," * 250_000)
case("many_columns.csv", 6, "50000 columns, the model's four absent",
     b",".join(b"c%d" % i for i in range(50_000)) + b"\n" + b",".join(b"1" for _ in range(50_000)) + b"\n")
case("many_columns_used.csv", 6, "the model's four columns among 20000 it does not use", HEADER + b","
     + b",".join(b"c%d" % i for i in range(20_000)) + b"\n" + ROW + b"," + b",".join(b"0" for _ in range(20_000)) + b"\n")
case("many_rows_empty.csv", 0, "200000 empty lines after the header, skipped", HEADER + b"\n" + b"\n" * 200_000)
case("unterminated_quote.csv", 6, "a quote opened in the header and never closed", b'"x0,x1,x2,x3\n' + ROW * 20_000)
case("quoted_newlines.csv", 6, "one quoted field holding 100000 line breaks: blank, a missing value the model refuses", HEADER + b'\n"' + b"\n" * 100_000 + b'",2,3,4\n')
case("nul_bytes.csv", 6, "NUL bytes in a number", HEADER + b"\n1\x00,2,3,4\n")
case("invalid_utf8.csv", 6, "bytes that are not UTF-8 in the header", b"x0\xff,x1,x2,x3\n" + ROW + b"\n")
case("formula.csv", 6, "a spreadsheet formula where a number belongs", HEADER + b"\n=cmd|' /C calc'!A0,2,3,4\n")
case("cr_only.csv", 0, "classic Mac line endings (CR only)", HEADER + b"\r" + ROW + b"\r")

with open("cases.tsv", "w") as f:
    f.write("file\tcommand\texit\twhy\n")
    for name, command, exit_code, why in CASES:
        f.write(f"{name}\t{command}\t{exit_code}\t{why}\n")
print(len(CASES), "cases")
