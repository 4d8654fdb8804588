#!/usr/bin/env python3
"""An independent check of advisor's HTML report, for its tests.

    check_html.py FILE

Parses the page with Python's html.parser and prints one JSON object: {"ok", "errors", "svgs"}.
It fails the page when a tag is left open or closed out of order, when an <svg> lacks a <title> or
a <desc> among its first children, when anything could reach outside the file (a script, link,
image, frame or object element; an href, src or url() that is not a #fragment; @import or
@font-face), and when an SVG is not well-formed XML on its own (xml.etree).
"""
import json
import re
import sys
import xml.etree.ElementTree as ET
from html.parser import HTMLParser

VOID = {"area", "base", "br", "col", "embed", "hr", "img", "input", "link", "meta", "source", "track", "wbr"}
FORBIDDEN = {"script", "link", "img", "iframe", "object", "embed", "audio", "video", "source", "base"}


class Checker(HTMLParser):
    def __init__(self):
        super().__init__(convert_charrefs=True)
        self.stack, self.errors, self.svgs = [], [], 0
        self.svg_children = None  # the first element names inside the current <svg>
        self.doctype = False

    def handle_decl(self, decl):
        self.doctype = self.doctype or decl.lower() == "doctype html"

    def check_attributes(self, tag, attrs):
        for name, value in attrs:
            value = value or ""
            if name in ("href", "src", "xlink:href", "action", "formaction", "poster", "srcset") and not value.startswith("#"):
                self.errors.append(f"<{tag} {name}={value!r}> points outside the file")
            if name == "style" or name == "fill" or name == "stroke":
                for target in re.findall(r"url\(([^)]*)\)", value):
                    if not target.strip("'\" ").startswith("#"):
                        self.errors.append(f"<{tag} {name}> uses url({target})")
            if name.startswith("on"):
                self.errors.append(f"<{tag}> has an event handler {name}")

    def handle_starttag(self, tag, attrs):
        if tag in FORBIDDEN:
            self.errors.append(f"<{tag}> element")
        self.check_attributes(tag, attrs)
        if tag == "svg":
            self.svgs += 1
            self.svg_children = []
        elif self.svg_children is not None and len(self.stack) and self.stack[-1] == "svg":
            self.svg_children.append(tag)
        if tag not in VOID:
            self.stack.append(tag)

    def handle_startendtag(self, tag, attrs):
        if tag in FORBIDDEN:
            self.errors.append(f"<{tag}> element")
        self.check_attributes(tag, attrs)
        if self.svg_children is not None and self.stack and self.stack[-1] == "svg":
            self.svg_children.append(tag)

    def handle_endtag(self, tag):
        if tag in VOID:
            return
        if not self.stack or self.stack[-1] != tag:
            self.errors.append(f"</{tag}> closes {self.stack[-1] if self.stack else 'nothing'} (line {self.getpos()[0]})")
            if tag in self.stack:
                while self.stack.pop() != tag:
                    pass
            return
        self.stack.pop()
        if tag == "svg":
            first = self.svg_children[:2]
            if first != ["title", "desc"]:
                self.errors.append(f"svg #{self.svgs} begins with {first}, not a title and a desc")
            self.svg_children = None

    def handle_data(self, data):
        if self.stack and self.stack[-1] == "style" and re.search(r"@import|@font-face|url\((?!#)", data):
            self.errors.append("the stylesheet reaches outside the file")


def main():
    text = open(sys.argv[1], encoding="utf-8").read()
    checker = Checker()
    checker.feed(text)
    checker.close()
    if not checker.doctype:
        checker.errors.append("no <!DOCTYPE html>")
    if checker.stack:
        checker.errors.append(f"left open: {checker.stack}")
    for index, svg in enumerate(re.findall(r"<svg\b.*?</svg>", text, re.S)):
        try:
            ET.fromstring(svg)
        except ET.ParseError as error:
            checker.errors.append(f"svg #{index + 1} is not well-formed XML: {error}")
    print(json.dumps({"ok": not checker.errors, "errors": checker.errors, "svgs": checker.svgs}))


if __name__ == "__main__":
    main()
