"""Regenerate hub/demo/data/places.json, the gazetteer of the demo data set.

Usage (from the repository root):
    python hub/demo/build_places.py [SHARED_DATA_DIR]
SHARED_DATA_DIR defaults to ../shared/data relative to the repository root. The output is committed,
so `hub serve --demo` works without shared/.

Inputs (names and provenance as in shared/data/SOURCES.md):
- derived/pcodes_adm1_adm2_KGZ_TJK.csv ("derived/"): all 143 admin-1/admin-2 P-codes of Kyrgyzstan and
  Tajikistan, an extract of the HDX Global P-codes list (section 4).
- OCHA-DAP__hdx-scraper-operationalpresence/download-global-pcodes-adm-1-2.csv (section 4, HDX Global
  P-codes): only the admin-1 units of Mali and Senegal, Ituri with Bunia and Irumu (COD), and Dagestan
  with its federal district (RUS).
- derived/gazetteer_kg_tj_plus_selected_geonames_cities15000.csv ("derived/", GeoNames cities15000):
  settlements (code GN-<geonameid>) with their Cyrillic variants and coordinates. Its GeoNames admin-1
  codes are decoded by ADMIN1_PCODE below (names as in geonames__via_pmsourcedump-geonames/
  admin1CodesASCII.txt, section 4).
Every location records its origin in "source". Curated here: the country rows, Russian/Kyrgyz/Tajik names of the admin units the demo uses, the
settlement -> rayon mapping, the DEMO villages and the borders.
"""
import csv
import json
import sys
from pathlib import Path

REPO = Path(__file__).resolve().parents[2]
OUT = Path(__file__).resolve().parent / "data" / "places.json"
SRC_COUNTRY = "curated: ISO 3166-1 alpha-2 code, approximate centroid"
SRC_PCODES = "HDX Global P-codes (COD-AB admin 1-2), via OCHA-DAP/hdx-scraper-operationalpresence"
SRC_GEONAMES = "GeoNames cities15000 (CC BY 4.0), via davidtom/worldcities"
SRC_DEMO = "demo village: hand-placed approximate coordinates, not from a gazetteer"

ISO3_TO_ISO2 = {"KGZ": "KG", "TJK": "TJ", "MLI": "ML", "SEN": "SN", "COD": "CD", "RUS": "RU"}

# code: (name, alternate names, approximate centroid lat, lon)
COUNTRIES = {
    "KG": ("Kyrgyzstan", ["Кыргызстан", "Киргизия", "Кыргызская Республика", "Kyrgyz Republic"], 41.2, 74.8),
    "TJ": ("Tajikistan", ["Таджикистан", "Тоҷикистон", "Республика Таджикистан"], 38.9, 71.3),
    "ML": ("Mali", ["République du Mali", "Мали"], 17.6, -4.0),
    "SN": ("Senegal", ["Sénégal", "République du Sénégal", "Сенегал"], 14.5, -14.5),
    "CD": ("Democratic Republic of the Congo", ["République démocratique du Congo", "RDC", "ДР Конго"], -2.9, 23.7),
    "RU": ("Russian Federation", ["Россия", "Российская Федерация"], 61.5, 105.3),
}

# Rows taken from the global P-code list besides KGZ/TJK: all of level 1 for these countries, plus these codes.
GLOBAL_ADMIN1_COUNTRIES = {"MLI", "SEN"}
GLOBAL_CODES = {"CD54", "CD5401", "CD5402", "RU003", "RU003002"}

# Russian (and Kyrgyz/Tajik) names of the admin units the demo stories use; the P-code list is English only.
ADMIN_NAMES = {
    "KG05000000000": ["Баткенская область", "Баткен облусу"],
    "KG06000000000": ["Ошская область", "Ош облусу"],
    "KG03000000000": ["Джалал-Абадская область", "Жалал-Абад облусу"],
    "KG11000000000": ["город Бишкек", "Бишкек шаары"],
    "KG21000000000": ["город Ош", "Ош шаары"],
    "KG05214000000": ["Баткенский район", "Баткен району"],
    "KG05236000000": ["Лейлекский район", "Лейлек району"],
    "KG05258000000": ["Кадамжайский район", "Кадамжай району"],
    "KG05410000010": ["город Баткен", "Баткен шаары"],
    "KG05430000010": ["город Кызыл-Кия", "Кызыл-Кыя шаары"],
    "KG06211000000": ["Араванский район", "Араван району"],
    "KG06226000000": ["Кара-Суйский район", "Кара-Суу району"],
    "KG06255000000": ["Узгенский район", "Өзгөн району"],
    "KG03207000000": ["Базар-Коргонский район", "Базар-Коргон району"],
    "3501000": ["Душанбе", "шаҳри Душанбе"],
    "3505000": ["Согдийская область", "вилояти Суғд"],
    "3507000": ["Хатлонская область", "вилояти Хатлон"],
    "3505220": ["Исфаринский район", "ноҳияи Исфара"],
    "3505404": ["город Исфара", "шаҳри Исфара"],
    "3505401": ["город Худжанд", "шаҳри Хуҷанд"],
    "3505256": ["Бободжон-Гафуровский район", "ноҳияи Бобоҷон Ғафуров"],
    "RU003": ["Северо-Кавказский федеральный округ"],
    "RU003002": ["Республика Дагестан", "Дагестан"],
}

# GeoNames admin-1 code of the gazetteer -> admin-1 P-code (fallback parent of a settlement).
ADMIN1_PCODE = {
    ("KG", "01"): "KG11000000000", ("KG", "02"): "KG08000000000", ("KG", "03"): "KG03000000000",  # Bishkek, Chüy, Jalal-Abad
    ("KG", "04"): "KG04000000000", ("KG", "06"): "KG07000000000", ("KG", "07"): "KG02000000000",  # Naryn, Talas, Issyk-Kul
    ("KG", "08"): "KG06000000000", ("KG", "09"): "KG05000000000", ("KG", "10"): "KG21000000000",  # Osh, Batken, Osh City
    ("TJ", "01"): "3590000", ("TJ", "02"): "3507000", ("TJ", "03"): "3505000",  # Gorno-Badakhshan, Khatlon, Sughd
    ("TJ", "04"): "3501000", ("TJ", "RR"): "3509000",  # Dushanbe, Republican Subordination
    ("RU", "17"): "RU003002", ("CD", "17"): "CD54",  # Dagestan, Ituri
}

# geonameid -> the admin unit (usually the rayon/district, or the city P-code) the settlement belongs to,
# where it is known: district seats and cities with their own P-code. Others fall back to ADMIN1_PCODE.
SETTLEMENT_PARENT = {
    "1222562": "KG05420000010",  # Suluktu -> Sulukta (city)
    "1222662": "KG05236000000",  # Isfana, seat of Leilek rayon
    "1527004": "KG02420000010",  # Balykchy (city)
    "1527199": "KG08400000010",  # Tokmok (city)
    "1527260": "KG03420000010",  # Tash-Kumyr (city)
    "1527299": "KG07400000010",  # Talas (city)
    "1527497": "KG02210000000",  # Kyzyl-Suu, seat of Jeti-Oguz rayon
    "1527513": "KG06255000000",  # Uzgen -> Uzgen rayon
    "1527534": "KG21000000000",  # Osh -> Osh (city), an admin-1 unit
    "1527592": "KG04400000010",  # Naryn (city)
    "1527719": "KG05430000010",  # Kyzyl-Kyya -> Kyzyl-Kia (city)
    "1528091": "KG06226000000",  # Kara-Suu town, seat of Kara-Suu rayon
    "1528121": "KG02410000010",  # Karakol (city)
    "1528182": "KG08209000000",  # Kara-Balta, seat of Jaiyl rayon
    "1528193": "KG08206000000",  # Kant, seat of Ysyk-Ata rayon
    "1528249": "KG03410000010",  # Jalal-Abad (city)
    "1528512": "KG02215000000",  # Cholpon-Ata, seat of Issyk-Kul rayon
    "1528675": "KG11000000000",  # Bishkek -> Bishkek (city), an admin-1 unit
    "1528717": "KG03207000000",  # Bazar-Korgon, seat of Bazar-Korgon rayon
    "1528796": "KG04220000000",  # At-Bashi, seat of At-Bashy rayon (spelt "Ak-Bashy" in the P-code list)
    "1538648": "KG03225000000",  # Toktogul, seat of Toktogul rayon
    "1220112": "3507250",  # Yovon -> Yavon
    "1220163": "3507205",  # Vose'
    "1220219": "3507203",  # Vakhsh
    "1220253": "3505419",  # Istaravshan (city)
    "1220747": "3507401",  # Qurghonteppa (city)
    "1220798": "3505413",  # Panjakent (city)
    "1220826": "3507232",  # Farkhor
    "1220905": "3507252",  # Norak
    "1221194": "3507405",  # Kulob (city)
    "1221328": "3590401",  # Khorugh (city)
    "1221614": "3590208",  # Ishkashim
    "1221714": "3509038",  # Hisor -> Hissar
    "1221874": "3501000",  # Dushanbe, an admin-1 unit
    "1221965": "3507207",  # Danghara
    "1221997": "3507229",  # Chubek, seat of Hamadoni district
    "1514839": "3505246",  # Proletar, seat of Jabbor Rasulov district
    "1514879": "3505401",  # Khujand (city)
    "1514891": "3505410",  # Konibodom (city)
    "1514896": "3505404",  # Isfara (city)
    "1538311": "3505422",  # Chkalov, now Buston (city)
    "550478": "RU003002",  # Khasavyurt, Dagestan (its own admin-3 unit is not in the P-code list)
    "217695": "CD5401",  # Bunia
}

# DEMO DATA, NOT FROM ANY SOURCE: villages the demo field stories need, with approximate coordinates
# (two decimals, placed by hand; not surveyed). Codes DEMO-<country>-<name>.
DEMO_VILLAGES = [
    # Osh oblast, the "Osh district villages" community-mediators story
    ("DEMO-KG-NARIMAN", "Nariman", ["Нариман"], "KG", "KG06226000000", 40.60, 72.80),
    ("DEMO-KG-SHARK", "Shark", ["Шарк"], "KG", "KG06226000000", 40.56, 72.86),
    ("DEMO-KG-KASHGAR-KYSHTAK", "Kashgar-Kyshtak", ["Кашгар-Кыштак", "Кашкар-Кыштак"], "KG", "KG06226000000", 40.64, 72.86),
    ("DEMO-KG-ARAVAN", "Aravan", ["Араван"], "KG", "KG06211000000", 40.52, 72.50),
    ("DEMO-KG-MANGYT", "Mangyt", ["Мангыт"], "KG", "KG06211000000", 40.47, 72.45),
    # Batken oblast (KG) and Isfara (TJ), either side of the border
    ("DEMO-KG-AK-SAI", "Ak-Sai", ["Ак-Сай", "Аксай"], "KG", "KG05214000000", 39.98, 70.60),
    ("DEMO-KG-KOK-TASH", "Kok-Tash", ["Көк-Таш", "Кок-Таш"], "KG", "KG05214000000", 39.95, 70.64),
    ("DEMO-KG-KULUNDU", "Kulundu", ["Кулунду"], "KG", "KG05236000000", 40.07, 69.80),
    ("DEMO-KG-ARKA", "Arka", ["Арка"], "KG", "KG05236000000", 40.05, 69.70),
    ("DEMO-TJ-CHORKUH", "Chorkuh", ["Чоркух", "Чорку", "Чоркӯҳ"], "TJ", "3505220", 40.04, 70.58),
    ("DEMO-TJ-VORUKH", "Vorukh", ["Ворух"], "TJ", "3505220", 39.85, 70.58),
]

# Shared borders, only pairs we are sure of. Leilek's Tajik neighbour is Bobojon Gafurov district; Kadamjai
# does not touch Isfara (Batken rayon and Uzbekistan lie between), so neither is paired with Isfara.
BORDERS = [
    ("KG", "TJ"),
    ("ML", "SN"),
    ("KG05000000000", "3505000"),  # Batken oblast - Sughd
    ("KG05214000000", "3505220"),  # Batken rayon - Isfara district
    ("KG05236000000", "3505256"),  # Leilek rayon - B. Gafurov district
    ("DEMO-KG-AK-SAI", "DEMO-TJ-CHORKUH"),
    ("DEMO-KG-AK-SAI", "DEMO-TJ-VORUKH"),
    ("DEMO-KG-KOK-TASH", "DEMO-TJ-VORUKH"),
]


def _admin(row):
    code, iso2 = row["P-Code"], ISO3_TO_ISO2[row["Location"]]
    name = row["Name"]
    # In the Tajik codes 35xx4xx are cities of oblast subordination; the list names them like the districts.
    if iso2 == "TJ" and row["Admin Level"] == "2" and code[4] == "4":
        name += " (city)"
    parent = row["Parent P-Code"]
    return {
        "code": code, "name": name, "level": f"ADMIN{row['Admin Level']}", "country": iso2,
        "parent": ISO3_TO_ISO2.get(parent, parent), "alternateNames": ADMIN_NAMES.get(code, []),
        "latitude": None, "longitude": None, "source": SRC_PCODES,
    }


def build(shared: Path) -> dict:
    locations = [
        {"code": c, "name": n, "level": "COUNTRY", "country": c, "parent": None, "alternateNames": alt,
         "latitude": lat, "longitude": lon, "source": SRC_COUNTRY}
        for c, (n, alt, lat, lon) in COUNTRIES.items()
    ]
    with open(shared / "derived" / "pcodes_adm1_adm2_KGZ_TJK.csv", encoding="utf-8-sig", newline="") as f:
        locations += [_admin(r) for r in csv.DictReader(f)]
    global_csv = shared / "OCHA-DAP__hdx-scraper-operationalpresence" / "download-global-pcodes-adm-1-2.csv"
    with open(global_csv, encoding="utf-8-sig", newline="") as f:
        locations += [
            _admin(r) for r in csv.DictReader(f)
            if (r["Location"] in GLOBAL_ADMIN1_COUNTRIES and r["Admin Level"] == "1") or r["P-Code"] in GLOBAL_CODES
        ]
    gazetteer = shared / "derived" / "gazetteer_kg_tj_plus_selected_geonames_cities15000.csv"
    with open(gazetteer, encoding="utf-8-sig", newline="") as f:
        for r in csv.DictReader(f):
            alt = [a for a in r["name_cyrillic_variants"].split("|") if a]
            if r["asciiname"] != r["name"]:
                alt.insert(0, r["asciiname"])
            parent = SETTLEMENT_PARENT.get(r["geonameid"]) or ADMIN1_PCODE[(r["country_code"], r["admin1_code"])]
            locations.append({
                "code": f"GN-{r['geonameid']}", "name": r["name"], "level": "SETTLEMENT",
                "country": r["country_code"], "parent": parent, "alternateNames": alt,
                "latitude": float(r["latitude"]), "longitude": float(r["longitude"]), "source": SRC_GEONAMES,
            })
    locations += [
        {"code": c, "name": n, "level": "SETTLEMENT", "country": cc, "parent": p, "alternateNames": alt,
         "latitude": lat, "longitude": lon, "source": SRC_DEMO}
        for c, n, alt, cc, p, lat, lon in DEMO_VILLAGES
    ]
    codes = {loc["code"] for loc in locations}
    assert len(codes) == len(locations), "duplicate location code"
    missing = {loc["parent"] for loc in locations if loc["parent"]} - codes
    missing |= {c for pair in BORDERS for c in pair} - codes
    assert not missing, f"unknown codes: {sorted(missing)}"
    return {"locations": locations, "borders": [list(pair) for pair in BORDERS]}


def main(argv: list[str]) -> None:
    shared = Path(argv[1]) if len(argv) > 1 else REPO.parent / "shared" / "data"
    places = build(shared)
    OUT.parent.mkdir(parents=True, exist_ok=True)
    OUT.write_text(json.dumps(places, ensure_ascii=False, indent=1) + "\n", encoding="utf-8")
    print(f"{OUT}: {len(places['locations'])} locations, {len(places['borders'])} borders")


if __name__ == "__main__":
    main(sys.argv)
