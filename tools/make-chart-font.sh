#!/usr/bin/env bash
# Builds the CJK font the statement charts use, so a server needs no CJK fonts installed.
# Subset of Noto Sans CJK SC Regular (SIL Open Font License 1.1): ASCII, CJK punctuation,
# full-width forms and the 3,755 GB2312 level-1 hanzi (rows 16-55), plus the few level-2
# characters the charts and templates need. Run as root on Debian; output is committed.
set -euo pipefail
# Debian's python3 has fontTools; a pyenv python3 on PATH may not.
cd "$(dirname "$0")/.."
out=bot/src/main/resources/fonts
apt-get install -y fonts-noto-cjk python3-fonttools
ttc=/usr/share/fonts/opentype/noto/NotoSansCJK-Regular.ttc
chars=$(mktemp)
/usr/bin/python3 - "$chars" <<'PY'
import sys
text = [chr(c) for c in range(0x20, 0x7f)]
text += [chr(c) for c in range(0x3000, 0x3040)]          # CJK symbols and punctuation
text += [chr(c) for c in range(0xff01, 0xff5f)]          # full-width forms
text += list("¥￥·—…“”‘’㎡")
for row in range(16, 56):                                 # GB2312 level 1: rows 16-55
    for cell in range(1, 95):
        try:
            text.append(bytes([0xa0 + row, 0xa0 + cell]).decode("gb2312"))
        except UnicodeDecodeError:
            pass
open(sys.argv[1], "w", encoding="utf-8").write("".join(text))
PY
# Face 2 of the collection is Noto Sans CJK SC (0 JP, 1 KR, 2 SC, 3 TC, 4 HK).
face=$(/usr/bin/python3 -c "
from fontTools.ttLib import TTCollection
for i, f in enumerate(TTCollection('$ttc').fonts):
    if f['name'].getDebugName(1) == 'Noto Sans CJK SC': print(i); break")
/usr/bin/python3 -m fontTools.subset "$ttc" --font-number="$face" --text-file="$chars" --layout-features='*' \
    --no-hinting --output-file="$out/NotoSansSC-Subset.otf"
cp /usr/share/doc/fonts-noto-cjk/copyright "$out/NotoSansCJK-LICENSE.txt" 2>/dev/null || true
rm -f "$chars"
# Leave the machine as it was: no CJK fonts installed, so the chart test proves the bundled one works.
apt-get remove -y fonts-noto-cjk
ls -l "$out"
