"""Indonesian name material for the synthetic population, and the rules that vary names.

The lists are common, real-shaped given names, written in upper case as on a KK, grouped
by naming tradition (``docs/domain.md``, "Name variation"). They are building blocks, not records of
people: a synthetic name is a random combination of them.

Groups: Javanese, Sundanese, Malay/Sumatran (with Batak clan names), Arabic-derived
(Muslim names used everywhere), Christian (baptismal names, Manado/Ambon/Batak/Nias
family names) and Chinese-Indonesian (Indonesianised given and family names).

Spelling variants are derived by rules, never listed: the old (pre-1972) spelling
``oe/dj/tj/sj/ch/nj/j`` against the modern ``u/j/c/sy/kh/ny/y``, Muhammad's spellings and
abbreviations, titles, typos, dropped or reordered tokens and ``bin``/``binti``.

>>> to_old_spelling("CAHYONO")
'TJAHJONO'
>>> to_modern_spelling("SOEHARTO DJOKO")
'SUHARTO JOKO'
>>> flip_spelling("TJAHJONO")
'CAHYONO'
>>> split_name("H. SLAMET BIN SUPARDI, S.PD")
(('H.',), ('SLAMET',), ('BIN', 'SUPARDI'), ('S.PD',))
"""

from __future__ import annotations

from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from collections.abc import Sequence

__all__ = [
    "ABDUL_SUFFIXES",
    "DEGREES",
    "GROUPS",
    "MUHAMMAD_FORMS",
    "OLD_SPELLING_GROUPS",
    "POOLS",
    "SURNAMES",
    "SURNAME_SHARE",
    "add_title",
    "drop_titles",
    "flip_spelling",
    "join_name",
    "muhammad_variant",
    "split_name",
    "to_modern_spelling",
    "to_old_spelling",
    "typo",
]

GROUPS = ("JAWA", "SUNDA", "MELAYU", "ARAB", "KRISTEN", "TIONGHOA")
"""Naming traditions, by index (``JAWA`` = 0)."""

JAWA, SUNDA, MELAYU, ARAB, KRISTEN, TIONGHOA = range(6)

OLD_SPELLING_GROUPS = frozenset({JAWA, SUNDA, MELAYU, ARAB})
"""Groups whose names follow Indonesian spelling reforms (Christian and Chinese names
borrow foreign spellings such as ``CHRISTINA`` that the rules must not touch)."""


def _words(text: str) -> tuple[str, ...]:
    return tuple(text.split())


# Given names by group, sex and era (born before 1965, 1965-1989, 1990 on).
# "second" names are the usual second/last tokens; "prefix" names open a 3-token name
# (birth order, Muhammad, Siti, a baptismal name).
_JAWA_M_OLD = _words("""
    SUTRISNO SLAMET SUPARDI SUPARMAN SUKARMAN SUMARNO SUGIONO SUYONO PARIMAN PAIMIN
    SARIMIN KARTO SUWARNO TUKIMIN SUKIRMAN SUPRAPTO SUDARMO SUHARTO SUKARNO SUWITO
    SUPRIYANTO SUPRIADI MULYADI WAHYUDI JUMADI SAMIDI MARIJAN PAINO DARMADI KASMIN
    SUWANDI SUMADI RASIMAN WAGIMAN SUPANGAT SUJONO SUTARNO SUKIMAN NGATIMIN KASIRAN
    SUTIKNO SUNARDI RUSMAN SAMINGAN JAYUS TARMUJI SUYADI SUGIMAN PONIMAN SURATMAN
""")
_JAWA_M_MID = _words("""
    AGUS BUDI BAMBANG JOKO HERU EKO ANTON HENDRO SANTOSO PRASETYO SETIAWAN HARYANTO
    PURNOMO WIDODO SUSANTO HARIYANTO YULIANTO SUGENG SISWANTO KUSNADI DARMAWAN ARIF
    TEGUH RUDI HADI WAHYU BAYU GUNAWAN HERMAWAN YUDI NUGROHO SUPRIYANTO SUTRISNO
    SLAMET MULYADI WAHYUDI JUNAIDI SUPARMAN SURYADI ANDRIYANTO DIDIK IMAM SUYANTO
    WIDYANTO ARIS SUKO GATOT JOKO PRIYO SUGIYANTO EDI BENNY
""")
_JAWA_M_YOUNG = _words("""
    RIZKY ADITYA DIMAS BAGAS FAJAR ANDI REZA YOGA GILANG AGUNG ARDIAN DANU RANGGA BIMA
    SATRIA GALIH ILHAM ARYA DENI FIRMAN ARIF BAYU ALVIN DAFFA FARREL NAUFAL RAFI KEVIN
    AKBAR BINTANG DWIKY ERLANGGA HENDRA IRFAN KRISNA LUTFI NANDA PUTRA RIKO SURYA
""")
_JAWA_M_SECOND = _words("""
    PRATAMA SAPUTRA NUGROHO SETIAWAN HIDAYAT PRASETYO KURNIAWAN WIBOWO SANTOSO UTOMO
    SAPUTRO WICAKSONO PAMUNGKAS RAMADHAN FIRMANSYAH SUSANTO WIJAYA HARTONO PURNOMO
    SETIYAWAN SULISTYO ARDIANSYAH HERMAWAN ADITAMA MAULANA PERDANA SETIADI WIDODO
""")
_JAWA_M_PREFIX = _words("EKO DWI TRI CATUR ADI BAYU ANDRI MUHAMMAD AGUS BUDI")
_JAWA_F_OLD = _words("""
    SUMARNI SULASTRI SUMIATI SUPARMI SUWARNI PAINAH SAMINAH TUMINAH SUPIAH KASIATI
    SUTINAH SUKINI MARSINAH SUMIYATI SRIATUN TUKINEM WAGINEM SARINAH SUMINI RUMINI
    JUMIATI KATMINI SUYATMI PARTINI SUNARSIH SUPARTI NGATINI SUMIRAH KASMINAH
    SUKARSIH SUPINAH RUKMINI TARMI SUWARTI MUNAH JAMINAH
""")
_JAWA_F_MID = _words("""
    WAHYUNI ENDANG TUTIK YULI RATNA DEWI LESTARI RAHAYU WULANDARI KURNIAWATI
    SETYOWATI PURWANTI HARTATI SUSILOWATI NINGSIH ERNAWATI YUNITA SUSANTI TITIK ENY
    ANIK ENDAH WIDAYATI INDAH RINI YANTI ASIH MULYANI PUJI HANDAYANI ASTUTI SULISTYOWATI
    NURHAYATI SULASTRI SUMIATI SUMARNI RETNO LILIK UMI WINARSIH
""")
_JAWA_F_YOUNG = _words("""
    AYU PUTRI NOVITA DEWI INTAN FITRI RATIH DIAH ANISA NABILA SALSABILA AULIA AMELIA
    CITRA NADIA RISKA DINDA TIARA SEKAR LARASATI DIAN WINDA ANGGUN ELSA FEBY MELATI
    NOVI REVI SHINTA VERA YUNI ZAHRA
""")
_JAWA_F_SECOND = _words("""
    LESTARI WULANDARI RAHAYU PERMATASARI KUSUMAWARDANI OKTAVIANI RAHMAWATI SAFITRI
    ANGGRAINI PRATIWI MAHARANI NINGSIH SARI PUSPITASARI HANDAYANI SETYANINGSIH
    KURNIASARI NOVITASARI WIDYASTUTI RAMADHANI AGUSTINA PURNAMASARI
""")
_JAWA_F_PREFIX = _words("SRI DWI TRI SITI DEWI ENDANG NUR AYU")

_SUNDA_M_OLD = _words("""
    UJANG DADANG ENDANG OTONG KOMAR ENTIS UDIN ACENG ASEP OMAN ADANG ENDI SUHENDAR
    KOSASIH RUSTANDI SUNARYA SOLIHIN DARSONO EMAN MAMAN OYON JAJANG NANA ATENG
""")
_SUNDA_M_MID = _words("""
    ASEP DEDI CECEP AEP YAYAN IWAN DENI NANANG HENDRA SOPYAN SUPRIATNA KURNIA RAHMAT
    MULYANA SETIADI PERMANA RAMDANI DEDE AGUS WAWAN DODI YUDI ENDANG UJANG DADAN
""")
_SUNDA_M_YOUNG = _words("""
    RIZKI FAHMI RAFI GALIH FAJAR RIDWAN ILHAM RAMDAN AKBAR FIKRI GILANG IQBAL RIFKY
    SANDI YUSUF ZAKI DAFFA RAKA HAIKAL
""")
_SUNDA_M_SECOND = _words("""
    PERMANA MULYANA SUPRIATNA HIDAYAT RAMDANI KURNIAWAN SETIAWAN NUGRAHA SAPUTRA
    GUNAWAN SOPIAN SOLIHIN FIRMANSYAH MAULANA RAHMAT SUHENDAR
""")
_SUNDA_M_PREFIX = _words("ASEP DEDE UJANG CECEP MUHAMAD")
_SUNDA_F_OLD = _words("""
    EUIS IMAS ENOK CUCU TITIN ENTIN NENENG ELIS YAYAH NUNUNG YATI ICIH ENUNG ENTIK
    OYOH EMAH IJAH ONAH OCAH EDAH
""")
_SUNDA_F_MID = _words("""
    NENG LILIS ROSITA NURLELA ROHAYATI NURHAYATI KOMALASARI RINA SITI YANTI EUIS
    IMAS DEWI TETI RENI ERNA NINA LINA IIS
""")
_SUNDA_F_YOUNG = _words("""
    SALMA NAJWA NAZWA ALYA KEISYA AZZAHRA NURUL INDRI RISMA SITI TIARA SALSA DEA
    NENG RANI SILVI
""")
_SUNDA_F_SECOND = _words("""
    KOMALASARI MULYANINGSIH WIDIANINGSIH NURJANAH ROHAYATI SUMIATI RAHMAWATI
    NURHASANAH SOPIAH LESTARI SRIMULYANI AULIA
""")
_SUNDA_F_PREFIX = _words("NENG SITI EUIS IMAS NUR")

_MELAYU_M_OLD = _words("""
    ZULKIFLI RUSLAN AZHAR ZAINAL ISMAIL HERMAN MUKHTAR NASRUL DARWIS BASRI SYAMSUL
    JAMALUDDIN AMIRUDDIN NURDIN SAMSUDIN BAHARUDDIN ABU HASAN USMAN YUNUS
""")
_MELAYU_M_MID = _words("""
    SYAIFUL SYAHRIAL HENDRA RIDWAN FAISAL BUDIMAN JUNAIDI ERWIN IRWAN ANDI RAHMAT
    SYAFRUDDIN KHAIRUL FIRDAUS ARIFIN AFRIZAL ZULFIKAR DEDI YUSRIZAL AMRI JONI
    EFENDI RUSDI HERMANSYAH
""")
_MELAYU_M_YOUNG = _words("""
    RIZKI FADLI HAFIZ ILHAM FAUZAN RAHMAN ARIF REZA AKMAL FIKRI ZAKI HABIB IQBAL
    FARHAN DAFFA RAFI SYAHRUL ALDI
""")
_MELAYU_M_SECOND = _words("""
    SYAHPUTRA PUTRA SAPUTRA HIDAYAT FIRDAUS RAMADHAN ARIFIN EFENDI HASIBUAN SYAHRIAL
    NASUTION ZULKARNAIN ALAMSYAH
""")
_MELAYU_M_PREFIX = _words("MUHAMMAD MUHAMMAD AHMAD ABDUL SYAHRUL TENGKU")
_MELAYU_F_OLD = _words("""
    FATIMAH ASMAH ZUBAIDAH HASNAH MISNAH ROSNAH SALMAH MARIAM NURSIAH JAWIAH ROHANI
    HALIMAH SITI AMINAH
""")
_MELAYU_F_MID = _words("""
    NURHAYATI ROSMAWATI ASNIDAR YUSNIAR ERNAWATI MASNIAR ROSNI NURLAILA SYAFRIDA
    YENNI DESI RAHMI WIRDA NURMALA JUWITA YULIANA LIZA RINA SUSI ELFIDA
""")
_MELAYU_F_YOUNG = _words("""
    NABILA AULIA SALSABILA ANNISA RAHMA ZAHRA SYIFA NADIA PUTRI CINTA RAHMI DINDA
    FADHILAH MUTIA NAYLA
""")
_MELAYU_F_SECOND = _words("""
    RAHMADANI SAFITRI WAHYUNI YANTI FITRIANI HANDAYANI PUTRI LESTARI RAMADHANI
    NURHALIZA SYAFITRI
""")
_MELAYU_F_PREFIX = _words("SITI NUR CUT PUTRI")

_ARAB_M_OLD = _words("""
    HASAN HUSAIN IBRAHIM ISMAIL YUSUF IDRIS MAHMUD SHOLEH SOLIKIN MASRUKHAN MUNIR
    MUSTOFA NASRULLAH ANWAR ZAKARIA ALI UMAR HAMZAH KHOLIL MAKSUM MUKHLIS SYAIFUDIN
    ZAINUDIN FAHRUDIN ROMLI JUNAEDI MUHAIMIN SUAIB
""")
_ARAB_M_MID = _words("""
    RIZKI FAUZI ILHAM ARIF HAKIM HIDAYAT NUR SYAIFUL KHOIRUL ZAINUDIN FIRDAUS FAHMI
    HABIBI NURUL IMRON ROFIQ HUDA MAHFUD AMIN LUTFI ARIFIN SYAMSUL SUDARSONO ANSORI
""")
_ARAB_M_YOUNG = _words("""
    RIZKY FAUZAN HAIKAL FARHAN ILHAM NAUFAL AZZAM RAFFI ZIDAN ALIF HAFIDZ FATHAN
    RAYHAN AQIL DAFFA FIKRI KHOIRUL RAMADHAN
""")
_ARAB_M_SECOND = _words("""
    HIDAYAT HIDAYATULLAH FIRMANSYAH MAULANA RAMADHAN SYAIFUDIN ARIFIN ANSHORI ROZAQ
    NURHUDA ZAKARIA ALFARIZI ALFATIH ABIDIN FAUZI ROHMAN
""")
_ARAB_M_PREFIX = _words("""
    MUHAMMAD MUHAMMAD MUHAMMAD MUHAMMAD AHMAD AHMAD ABDUL ABDUL NUR MUHAMMAD
""")
_ARAB_F_OLD = _words("""
    AMINAH FATIMAH KHADIJAH MARYAM ZAINAB ROHMAH ROKHAYAH MUNAWAROH MASRUROH ZULAIKHA
    KHOIRIYAH MUSLIMAH HALIMAH MAIMUNAH QOMARIYAH JAMILAH MUTMAINAH ASIYAH SHOFIYAH
""")
_ARAB_F_MID = _words("""
    NURHAYATI ULFA LAILATUL NURUL HIDAYAH ROSYIDAH SHOLIHAH AZIZAH NAFISAH FAIZAH
    ISTIQOMAH KHUSNUL FITRIYAH MAULIDA UMI ZAHROH ANIS RIFA
""")
_ARAB_F_YOUNG = _words("""
    AISYAH ZAHRA NAJWA SALSABILA NABILA KHANZA AQILA HANIFAH KAMILA NAILA SYIFA AZIZAH
    FARIDA ALYA HUMAIRA
""")
_ARAB_F_SECOND = _words("""
    KHOTIMAH FITRIYAH MAULIDA ROHMAH HIDAYAH ZAHROTUL NURJANNAH KHOIRUNNISA AZZAHRA
    MUFIDAH SHOLIKHAH
""")
_ARAB_F_PREFIX = _words("SITI SITI SITI NUR NURUL UMMI")

_KRISTEN_M = _words("""
    YOHANES PETRUS PAULUS STEFANUS FRANSISKUS AGUSTINUS YOSEF ANTONIUS MARKUS MATIUS
    LUKAS ANDREAS YAKOBUS SIMON DANIEL SAMUEL YOSUA MIKAEL GABRIEL BENEDIKTUS IGNATIUS
    ALOYSIUS KRISTIAN ROBERT HENDRIK YULIUS FILIPUS VINSENSIUS DOMINIKUS
""")
_KRISTEN_M_YOUNG = _words("""
    KEVIN JONATHAN DANIEL SAMUEL YOSUA GABRIEL MIKAEL NATANAEL IMANUEL ELIA KRISTOFER
    VALENTINO ALEXANDER
""")
_KRISTEN_M_SECOND = _words("""
    SUSANTO WIJAYA HARTONO KRISTIANTO SETIAWAN PURNOMO SANTOSO NUGROHO PRASETYO
    WIBOWO HARYANTO
""")
_KRISTEN_F = _words("""
    MARIA THERESIA ELISABETH MAGDALENA KATARINA AGNES MONIKA VERONIKA YOHANA LIDIA
    DEBORA RUTH ESTER MARTHA REBEKA KRISTINA ANASTASIA FELISITAS SESILIA BERNADETA
    YULIANA SUSANA
""")
_KRISTEN_F_YOUNG = _words("""
    GRACE NATALIA ANGELINA VANESSA KEZIA FELICIA GLORIA KRISTIN MIKHAELA EUNIKE
    CLARA JESSICA
""")
_KRISTEN_F_SECOND = _words("""
    LESTARI WULANDARI RAHAYU KRISTIANI SETIAWATI HANDAYANI SUSANTI NINGSIH PURWANTI
    DEWI
""")
_KRISTEN_SURNAMES = _words("""
    PANGEMANAN SUMANTI LUMENTUT WOWOR RUNTUWENE SIAHAAN PATTIASINA LATUMAHINA
    MANUPUTTY SARAGIH SITUMORANG LAOLI ZEBUA SIMANJUNTAK TAMBUNAN PANJAITAN SIHOMBING
    MANURUNG LUMBANTOBING HUTAURUK TUMEWU RONDONUWU SAMOSIR
""")

_TIONGHOA_M = _words("""
    BUDI HENDRA SUGIANTO HARTONO GUNAWAN SANTOSO HALIM HARYANTO SUTANTO KURNIAWAN
    RUDY DANNY ANDY JIMMY TONNY SUWANDI SETIADI EFFENDI HENDRIK SUGIHARTO WIDJAJA
    JOHAN FELIX HANS RICKY
""")
_TIONGHOA_M_YOUNG = _words("""
    WILLIAM KEVIN JONATHAN STEVEN VINCENT ALBERT FELIX RICHARD JASON MICHAEL EDWARD
    NICHOLAS CALVIN HANSEN
""")
_TIONGHOA_F = _words("""
    LINA LANNY MEILIANA MEILINA SUSANTI YENNY LILY WATI FENNY LIANA LILIANA SISKA
    YULIANA MELINDA SHERLY INGRID LIES HELEN
""")
_TIONGHOA_F_YOUNG = _words("""
    VIVIAN JESSICA MICHELLE CINDY NATALIA GRACE CHRISTINE IVANA CLARISSA JENNIFER
    CELINE STEPHANIE VALERIE
""")
_TIONGHOA_SURNAMES = _words("""
    WIJAYA HALIM GUNAWAN SANTOSO TANOTO SALIM KUSUMA HARTONO SETIAWAN TANUWIJAYA
    LIMANTO SUGIANTO SUTANTO TANDIONO SUSANTO KURNIAWAN JAYADI HIDAYAT TJANDRA
    WIRAWAN LIEM TAN LIM ONG GO
""")
_BATAK_SURNAMES = _words("""
    SIREGAR NASUTION LUBIS HARAHAP SIMANJUNTAK SITOMPUL PANJAITAN HUTAPEA SIAGIAN
    SINAGA SIMATUPANG TAMBUNAN PARDEDE SITORUS MANURUNG DAULAY RITONGA SIHOMBING
    HUTAGALUNG PASARIBU
""")

ABDUL_SUFFIXES = _words("""
    ROHMAN AZIZ MALIK KARIM HAMID ROZAK GHOFUR WAHAB HADI MAJID LATIF MANAN QODIR
    SOMAD JALIL ROUF SALAM
""")
"""The second half of an ``ABDUL ...`` name (``ABDUL ROHMAN``)."""

Pool = dict[str, tuple[str, ...]]

POOLS: dict[tuple[int, str], Pool] = {
    (JAWA, "L"): {
        "given0": _JAWA_M_OLD,
        "given1": _JAWA_M_MID,
        "given2": _JAWA_M_YOUNG,
        "second": _JAWA_M_SECOND,
        "prefix": _JAWA_M_PREFIX,
    },
    (JAWA, "P"): {
        "given0": _JAWA_F_OLD,
        "given1": _JAWA_F_MID,
        "given2": _JAWA_F_YOUNG,
        "second": _JAWA_F_SECOND,
        "prefix": _JAWA_F_PREFIX,
    },
    (SUNDA, "L"): {
        "given0": _SUNDA_M_OLD,
        "given1": _SUNDA_M_MID,
        "given2": _SUNDA_M_YOUNG,
        "second": _SUNDA_M_SECOND,
        "prefix": _SUNDA_M_PREFIX,
    },
    (SUNDA, "P"): {
        "given0": _SUNDA_F_OLD,
        "given1": _SUNDA_F_MID,
        "given2": _SUNDA_F_YOUNG,
        "second": _SUNDA_F_SECOND,
        "prefix": _SUNDA_F_PREFIX,
    },
    (MELAYU, "L"): {
        "given0": _MELAYU_M_OLD,
        "given1": _MELAYU_M_MID,
        "given2": _MELAYU_M_YOUNG,
        "second": _MELAYU_M_SECOND,
        "prefix": _MELAYU_M_PREFIX,
    },
    (MELAYU, "P"): {
        "given0": _MELAYU_F_OLD,
        "given1": _MELAYU_F_MID,
        "given2": _MELAYU_F_YOUNG,
        "second": _MELAYU_F_SECOND,
        "prefix": _MELAYU_F_PREFIX,
    },
    (ARAB, "L"): {
        "given0": _ARAB_M_OLD,
        "given1": _ARAB_M_MID,
        "given2": _ARAB_M_YOUNG,
        "second": _ARAB_M_SECOND,
        "prefix": _ARAB_M_PREFIX,
    },
    (ARAB, "P"): {
        "given0": _ARAB_F_OLD,
        "given1": _ARAB_F_MID,
        "given2": _ARAB_F_YOUNG,
        "second": _ARAB_F_SECOND,
        "prefix": _ARAB_F_PREFIX,
    },
    (KRISTEN, "L"): {
        "given0": _KRISTEN_M,
        "given1": _KRISTEN_M,
        "given2": _KRISTEN_M_YOUNG,
        "second": _KRISTEN_M_SECOND,
        "prefix": _KRISTEN_M,
    },
    (KRISTEN, "P"): {
        "given0": _KRISTEN_F,
        "given1": _KRISTEN_F,
        "given2": _KRISTEN_F_YOUNG,
        "second": _KRISTEN_F_SECOND,
        "prefix": _KRISTEN_F,
    },
    (TIONGHOA, "L"): {
        "given0": _TIONGHOA_M,
        "given1": _TIONGHOA_M,
        "given2": _TIONGHOA_M_YOUNG,
        "second": _TIONGHOA_M,
        "prefix": _TIONGHOA_M_YOUNG,
    },
    (TIONGHOA, "P"): {
        "given0": _TIONGHOA_F,
        "given1": _TIONGHOA_F,
        "given2": _TIONGHOA_F_YOUNG,
        "second": _TIONGHOA_F,
        "prefix": _TIONGHOA_F_YOUNG,
    },
}
"""Token pools by (group, sex): ``given0``/``given1``/``given2`` by era, ``second``, ``prefix``."""

SURNAMES: dict[int, tuple[str, ...]] = {
    MELAYU: _BATAK_SURNAMES,
    KRISTEN: _KRISTEN_SURNAMES,
    TIONGHOA: _TIONGHOA_SURNAMES,
}
"""Family names (Batak clans, eastern-Indonesian Christian and Chinese-Indonesian names)."""

SURNAME_SHARE = {MELAYU: 0.3, KRISTEN: 0.5, TIONGHOA: 0.7}
"""Share of a group's families that carry a family name."""

MUHAMMAD_FORMS = _words("""
    MUHAMMAD MUHAMAD MOHAMAD MOHAMMAD MOCHAMAD MOCHAMMAD MOEHAMAD MOEHAMMAD MOECHAMAD
    MUKHAMAD MUKHAMMAD MOHAMMED MUHAMMAAD MOHAMAT MOH. MOCH. MOHD. MOECH. MUCH. MOEH.
    MUH. M.
""")
"""Spellings and abbreviations of Muhammad (``docs/domain.md``, "Name variation")."""

_MUHAMMAD_SET = frozenset(MUHAMMAD_FORMS)

PREFIX_TITLES = frozenset(
    {"H.", "HJ.", "KH.", "DRS.", "DRA.", "IR.", "DR.", "PROF.", "R.", "RA.", "UST.", "NY.", "TN."}
)
"""Titles written before a name (hajj, academic, nobility, honorifics)."""

DEGREES = _words("""
    S.PD S.E S.H S.KOM S.T S.SOS S.AG S.PD.I A.MD S.KEP M.PD M.M S.IP S.FARM
""")
"""Degrees written after a name, after a comma (``SLAMET, S.PD``)."""

_CONNECTORS = frozenset({"BIN", "BINTI", "BT", "BN"})

# Archaising goes modern -> old; each step is applied to the result of the previous one.
# J -> DJ must come before Y -> J, or the new J's would be doubled.
_TO_OLD = (("J", "DJ"), ("C", "TJ"), ("KH", "CH"), ("Y", "J"), ("U", "OE"))
_OLD_MARKERS = ("OE", "DJ", "TJ", "SJ", "CH", "NJ")


def to_old_spelling(name: str) -> str:
    """Write a modern-spelled name in the pre-1972 spelling (``u`` -> ``oe``, ``j`` -> ``dj``...).

    Tokens that are already old-spelled (``MOCHAMAD``) or abbreviated (``MOCH.``) are
    left as they are.

    >>> to_old_spelling("SUPRIYANTO")
    'SOEPRIJANTO'
    >>> to_old_spelling("SYAHRIAL KHOIRUL")
    'SJAHRIAL CHOIROEL'
    >>> to_old_spelling("MOCH. YUSUF")
    'MOCH. JOESOEF'
    """
    tokens = []
    for token in name.split(" "):
        if "." not in token and not any(marker in token for marker in _OLD_MARKERS):
            for modern, old in _TO_OLD:
                token = token.replace(modern, old)  # noqa: PLW2901 - rewritten step by step
        tokens.append(token)
    return " ".join(tokens)


def to_modern_spelling(name: str) -> str:
    """Write an old-spelled name in the modern (EYD) spelling.

    ``dj`` is handled before ``j`` -> ``y`` (``docs/domain.md``, "Name variation"). The
    rules cannot
    tell an old ``tj`` written for ``ty`` (``SETJOWATI``, modern ``SETYOWATI``) from one
    written for ``c``; they read it as ``c``.

    >>> to_modern_spelling("TJAHJONO")
    'CAHYONO'
    >>> to_modern_spelling("SJAHRINI NJOMAN MACHMUD")
    'SYAHRINI NYOMAN MAHMUD'
    """
    name = name.replace("OE", "U").replace("DJ", "\0").replace("TJ", "C")
    name = name.replace("CH", "KH").replace("J", "Y").replace("\0", "J")
    # "MACHMUD" -> "MAKHMUD" -> the common modern form drops the h: MAHMUD.
    return name.replace("KHM", "HM")


def flip_spelling(name: str) -> str:
    """Modernise a name that looks old-spelled, otherwise write it the old way.

    "Looks old-spelled" means it has ``oe``, ``dj``, ``tj``, ``sj``, ``ch`` or ``nj``; a
    name whose only old feature is ``j`` for ``y`` (``HIDAJAH``) cannot be told from a
    modern one, so the generator keeps the modern form of the names it archaised.

    >>> flip_spelling("DJOKO SOESILO")
    'JOKO SUSILO'
    >>> flip_spelling("JOKO SUSILO")
    'DJOKO SOESILO'
    """
    if any(marker in name for marker in _OLD_MARKERS):
        return to_modern_spelling(name)
    return to_old_spelling(name)


NamePart = tuple[str, ...]


def split_name(name: str) -> tuple[NamePart, NamePart, NamePart, NamePart]:
    """Split a recorded name into (prefix titles, core tokens, bin/binti part, degrees).

    >>> split_name("DRS. MOCH. ALI")
    (('DRS.',), ('MOCH.', 'ALI'), (), ())
    """
    head, _, tail = name.partition(", ")
    degrees = tuple(d.strip() for d in tail.split(", ") if d.strip()) if tail else ()
    tokens = head.split()
    prefixes: list[str] = []
    while len(tokens) > 1 and tokens[0] in PREFIX_TITLES:
        prefixes.append(tokens.pop(0))
    bin_part: list[str] = []
    for i, token in enumerate(tokens):
        if i > 0 and token in _CONNECTORS:
            bin_part = tokens[i:]
            tokens = tokens[:i]
            break
    return tuple(prefixes), tuple(tokens), tuple(bin_part), degrees


def join_name(
    prefixes: Sequence[str], core: Sequence[str], bin_part: Sequence[str], degrees: Sequence[str]
) -> str:
    """Join the parts made by :func:`split_name` back into a recorded name.

    >>> join_name(("H.",), ("SLAMET",), (), ("S.PD",))
    'H. SLAMET, S.PD'
    """
    text = " ".join((*prefixes, *core, *bin_part))
    return ", ".join((text, *degrees)) if degrees else text


def muhammad_variant(name: str, u: float) -> str | None:
    """Replace the first Muhammad token by another spelling or abbreviation.

    Args:
        name: the recorded name.
        u: a uniform draw in [0, 1) that picks the replacement.

    Returns:
        The varied name, or ``None`` when the name has no Muhammad token.

    >>> muhammad_variant("MUHAMMAD RIZKY PRATAMA", 0.0)
    'MUHAMAD RIZKY PRATAMA'
    """
    prefixes, core, bin_part, degrees = split_name(name)
    for i, token in enumerate(core):
        if token in _MUHAMMAD_SET:
            others = [f for f in MUHAMMAD_FORMS if f != token]
            new = list(core)
            new[i] = others[int(u * len(others))]
            return join_name(prefixes, new, bin_part, degrees)
    return None


def has_muhammad(name: str) -> bool:
    """Return whether a name has a Muhammad token (any spelling)."""
    return any(t in _MUHAMMAD_SET for t in split_name(name)[1])


def drop_titles(name: str) -> str:
    """Remove the prefix titles and degrees of a name.

    >>> drop_titles("HJ. SITI AMINAH, S.PD")
    'SITI AMINAH'
    """
    _, core, bin_part, _ = split_name(name)
    return join_name((), core, bin_part, ())


def add_title(name: str, sex: str, u: float) -> str:
    """Add a hajj title (``H.``/``HJ.``) or a degree to a name that has none.

    >>> add_title("SLAMET", "L", 0.1)
    'H. SLAMET'
    >>> add_title("SRI WAHYUNI", "P", 0.9)
    'SRI WAHYUNI, M.M'
    """
    prefixes, core, bin_part, degrees = split_name(name)
    if u < 0.4:
        return join_name(("H." if sex == "L" else "HJ.", *prefixes), core, bin_part, degrees)
    degree = DEGREES[int((u - 0.4) / 0.6 * len(DEGREES))]
    return join_name(prefixes, core, bin_part, (*degrees, degree))


_KEYBOARD = {
    "A": "SQZ", "B": "VNG", "C": "XVD", "D": "SFE", "E": "WRD", "F": "DGR", "G": "FHT",
    "H": "GJY", "I": "UOK", "J": "HKU", "K": "JLI", "L": "KO", "M": "N", "N": "BM",
    "O": "IPL", "P": "O", "Q": "WA", "R": "ETF", "S": "ADW", "T": "RYG", "U": "YIJ",
    "V": "CB", "W": "QES", "X": "ZC", "Y": "TUH", "Z": "XA",
}  # fmt: skip


def typo(name: str, u: Sequence[float]) -> str | None:
    """Make one typing mistake in the core of a name (titles untouched).

    The mistake is a neighbouring key, a dropped letter, a doubled letter or two
    letters swapped, chosen by ``u[0]``; ``u[1]`` picks the position and ``u[2]`` the key.

    Returns:
        The mistyped name, or ``None`` when no letter could be changed.

    >>> typo("SLAMET", (0.1, 0.5, 0.0))
    'SLANET'
    """
    prefixes, core, bin_part, degrees = split_name(name)
    text = " ".join(core)
    letters = [i for i, ch in enumerate(text) if ch.isalpha()]
    if len(letters) < 3:
        return None
    i = letters[int(u[1] * len(letters))]
    ch = text[i]
    kind = int(u[0] * 4)
    if kind == 0:
        keys = _KEYBOARD.get(ch, "")
        if not keys:
            return None
        new = text[:i] + keys[int(u[2] * len(keys))] + text[i + 1 :]
    elif kind == 1:
        new = text[:i] + text[i + 1 :]
    elif kind == 2:
        new = text[:i] + ch + text[i:]
    else:
        j = i + 1 if i + 1 < len(text) and text[i + 1].isalpha() else i - 1
        if j < 0 or not text[j].isalpha() or text[j] == ch:
            return None
        a, b = min(i, j), max(i, j)
        new = text[:a] + text[b] + text[a] + text[b + 1 :]
    if new == text or not new.split():
        return None
    return join_name(prefixes, new.split(), bin_part, degrees)
