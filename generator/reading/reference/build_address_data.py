"""Rebuild districts.csv and phone-areas.csv from their public sources (not used at run time).

    pip download --no-deps thaiaddress==0.2.1 phonenumbers -d /tmp/src
    (unpack both into /tmp/src)
    python generator/reading/reference/build_address_data.py /tmp/src/thaiaddress-0.2.1 /tmp/src/phonenumbers-wheel

districts.csv: thaiaddress 0.2.1, thaiaddress/data/thai_address_data.csv, Apache License 2.0,
(c) 2020 Titipat Achakulvisut, 425 Degree Co. — one row per district (อำเภอ/เขต) with its postal codes.
phone-areas.csv: Google libphonenumber (Python package phonenumbers), geocoding data for +66,
Apache License 2.0 — the provinces of each landline area code. บึงกาฬ and หนองบัวลำภู, provinces
split off after the data was written, share 042 with the provinces they came from.
"""
from __future__ import annotations

import csv
import sys
from collections import defaultdict
from pathlib import Path

HERE = Path(__file__).parent
LATER_PROVINCES = {"042": ["บึงกาฬ", "หนองบัวลำภู"]}


def build_districts(source: Path) -> None:
    postal: dict[tuple[str, str], set[str]] = defaultdict(set)
    with (source / "thaiaddress" / "data" / "thai_address_data.csv").open(encoding="utf-8") as f:
        for row in csv.DictReader(f):
            postal[(row["province"].strip(), row["district"].strip())].add(row["zipcode"].strip())
    with (HERE / "districts.csv").open("w", encoding="utf-8", newline="") as out:
        out.write("# อำเภอ/เขต และรหัสไปรษณีย์ / districts and postal codes. Source: PyPI thaiaddress 0.2.1 "
                  "(thaiaddress/data/thai_address_data.csv), Apache License 2.0, (c) 2020 Titipat Achakulvisut, "
                  "425 Degree Co.; rebuilt by build_address_data.py\n")
        writer = csv.writer(out, lineterminator="\n")
        writer.writerow(["province", "district", "postal_codes"])
        for (province, district), codes in sorted(postal.items()):
            writer.writerow([province, district, " ".join(sorted(codes))])


def build_phone_areas(source: Path) -> None:
    sys.path.insert(0, str(source))
    from phonenumbers.geodata import GEOCODE_DATA

    with (HERE / "phone-areas.csv").open("w", encoding="utf-8", newline="") as out:
        out.write("# รหัสทางไกลโทรศัพท์พื้นฐาน / landline area codes. Source: Google libphonenumber "
                  "(PyPI phonenumbers), geocoding data for +66, Apache License 2.0; บึงกาฬ and หนองบัวลำภู "
                  "added to 042; rebuilt by build_address_data.py\n")
        writer = csv.writer(out, lineterminator="\n")
        writer.writerow(["area_code", "provinces"])
        for prefix, names in sorted(GEOCODE_DATA.items()):
            if not prefix.startswith("66") or prefix.startswith("661"):
                continue  # 661x are not geographic
            area = "0" + prefix[2:]
            provinces = [n.replace("กรุงเทพ", "กรุงเทพมหานคร") if n == "กรุงเทพ" else n
                         for n in names["th"].split("/")] + LATER_PROVINCES.get(area, [])
            writer.writerow([area, " ".join(provinces)])


if __name__ == "__main__":
    build_districts(Path(sys.argv[1]))
    build_phone_areas(Path(sys.argv[2]))
