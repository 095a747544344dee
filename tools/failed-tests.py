#!/usr/bin/env python3
"""Prints each failed test of the TRX files given, with the start of its message and stack trace.

tools/test.sh calls it last, so a CI log that keeps only its tail still names what failed and why.
"""
import sys
import xml.etree.ElementTree as ElementTree

NAMESPACE = {"t": "http://microsoft.com/schemas/VisualStudio/TeamTest/2010"}
MESSAGE_LINES = 25
STACK_LINES = 12


def first_lines(text, count):
    lines = (text or "").strip().splitlines()
    return lines[:count] + ([f"... ({len(lines) - count} more lines in the TRX file)"] if len(lines) > count else [])


def main(paths):
    failed = 0
    for path in paths:
        try:
            root = ElementTree.parse(path).getroot()
        except (ElementTree.ParseError, OSError) as error:
            print(f"{path}: cannot be read ({error})")
            continue
        for result in root.iterfind(".//t:UnitTestResult", NAMESPACE):
            if result.get("outcome") not in ("Failed", "Error", "Timeout", "Aborted"):
                continue
            failed += 1
            print(f"FAILED {result.get('testName')} ({result.get('duration')}, {path.rsplit('/', 1)[-1]})")
            error = result.find("t:Output/t:ErrorInfo", NAMESPACE)
            if error is not None:
                for line in first_lines(error.findtext("t:Message", "", NAMESPACE), MESSAGE_LINES):
                    print(f"    {line}")
                for line in first_lines(error.findtext("t:StackTrace", "", NAMESPACE), STACK_LINES):
                    print(f"    {line}")
    if failed:
        print(f"{failed} failed test(s) listed above.")


if __name__ == "__main__":
    main(sys.argv[1:])
