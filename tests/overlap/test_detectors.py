"""The detector registry, the typed overlap kinds, and evidence written when it is read."""

from __future__ import annotations

from typing import TYPE_CHECKING

import polars as pl
import pytest

from bansos_validate.errors import InvalidArgument
from bansos_validate.overlap import KINDS, find_overlaps, pseudonymize_roll
from bansos_validate.overlap import _detectors as detectors
from bansos_validate.overlap._kinds import EvidenceMessage, OverlapKind
from bansos_validate.overlap._policy import DUPLICATE_KINDS

if TYPE_CHECKING:
    import bansos_validate as bv
    from bansos_validate.overlap._context import Context

    from .conftest import Planted

KEY = bytes.fromhex("8f3a1c9e27b4d60f5e1a9c3b7d2f4e6a1b8c0d9e3f7a2b5c4d6e8f0a1b3c5d7e")
# The kinds as they appear in results (the pinned contract of tests/test_surface.py).
PINNED = (
    "exclusive_programs",
    "duplicate_in_roll",
    "duplicate_household",
    "cross_region",
    "same_person_different_nik",
    "deceased_recipient",
    "excluded_occupation",
)


def _run(p: Planted, **kwargs: object) -> bv.OverlapResult:
    return find_overlaps(
        p.rolls,
        deaths=p.persons,
        employees=p.persons,
        persons=p.persons,
        **kwargs,  # type: ignore[arg-type]
    )


@pytest.fixture(scope="module")
def both(planted: Planted) -> dict[str, bv.OverlapResult]:
    return {"id": _run(planted), "en": _run(planted, lang="en")}


def test_typed_kinds_are_the_result_strings() -> None:
    assert tuple(OverlapKind) == PINNED
    assert KINDS == PINNED and all(type(k) is str for k in KINDS)
    assert OverlapKind("cross_region") is OverlapKind.CROSS_REGION
    assert [OverlapKind.CROSS_REGION] == ["cross_region"]  # equal to the old string
    assert f"{OverlapKind.CROSS_REGION}" == "cross_region"
    assert set(DUPLICATE_KINDS) <= set(OverlapKind)


def test_one_registered_detector_per_kind() -> None:
    kinds = [d.kind for d in detectors.DETECTORS]
    assert sorted(kinds) == sorted(OverlapKind) and len(set(kinds)) == len(kinds)


def test_result_kinds_are_typed_values(both: dict[str, bv.OverlapResult]) -> None:
    result = both["id"]
    assert set(result.kinds) == set(KINDS)
    assert set(result.to_polars()["kind"].unique()) == set(KINDS)
    assert all(OverlapKind(k) in OverlapKind for k in result.to_polars()["kind"].to_list())


def test_only_registered_detectors_that_apply_run(
    planted: Planted, monkeypatch: pytest.MonkeyPatch
) -> None:
    ran: list[OverlapKind] = []

    def spy(detector: detectors.Detector) -> detectors.Detector:
        def detect(ctx: Context) -> detectors.Found:
            ran.append(detector.kind)
            return detector.detect(ctx)

        return detectors.Detector(detector.kind, detect, detector.applies, detector.missing)

    wanted = {OverlapKind.EXCLUSIVE_PROGRAMS, OverlapKind.DECEASED_RECIPIENT}
    chosen = tuple(spy(d) for d in detectors.DETECTORS if d.kind in wanted)
    monkeypatch.setattr(detectors, "DETECTORS", chosen)
    result = find_overlaps(planted.rolls, fuzzy=False, lang="en")  # no deaths list
    assert ran == [OverlapKind.EXCLUSIVE_PROGRAMS]
    assert result.kinds == ("exclusive_programs",)
    assert set(result.to_polars()["kind"]) == {"exclusive_programs"}
    assert [n for n in result.notes if "deaths=" in n] == list(result.notes)


def test_evidence_is_written_when_read_in_either_language(
    both: dict[str, bv.OverlapResult], monkeypatch: pytest.MonkeyPatch
) -> None:
    def refuse(ctx: Context) -> detectors.Found:
        raise AssertionError("detection ran again")

    raising = tuple(detectors.Detector(d.kind, refuse) for d in detectors.DETECTORS)
    monkeypatch.setattr(detectors, "DETECTORS", raising)
    with pytest.raises(AssertionError, match="ran again"):
        find_overlaps({"PKH": pl.DataFrame({"nik": ["3576014403910003"]})})
    indonesian, english = both["id"], both["en"]
    for result in (indonesian, english):
        written = {lang: result.evidence(lang) for lang in ("id", "en")}
        assert written["id"].to_list() == indonesian.frame["evidence"].to_list()
        assert written["en"].to_list() == english.frame["evidence"].to_list()
        assert written["id"].name == "evidence" and written["id"].null_count() == 0
    assert indonesian.evidence().to_list() == indonesian.frame["evidence"].to_list()
    assert english.evidence().to_list() == english.frame["evidence"].to_list()
    # the texts do differ by language, for every kind
    frame = indonesian.to_polars().with_columns(en=indonesian.evidence("en"))
    differ = frame.filter(pl.col("evidence") != pl.col("en"))
    assert set(differ["kind"]) == set(KINDS)


def test_every_evidence_message_is_written(both: dict[str, bv.OverlapResult]) -> None:
    stored = both["id"]._evidence
    assert stored is not None and stored.height == both["id"].to_polars().height
    assert set(stored["message"]) == set(EvidenceMessage)


def test_stored_evidence_is_masked(both: dict[str, bv.OverlapResult]) -> None:
    stored = both["id"]._evidence
    assert stored is not None
    for column in ("nik_a", "nik_b", "kk_a", "kk_b", "other"):
        values = stored[column].drop_nulls()
        assert values.len() and not values.str.contains(r"\d{16}").any(), column


def test_pseudonymised_evidence_renders_in_both_languages(planted: Planted) -> None:
    rolls = {k: pseudonymize_roll(v, KEY) for k, v in planted.rolls.items()}
    result = find_overlaps(rolls, deaths=pseudonymize_roll(planted.persons, KEY))
    assert result.mode == "tokens" and len(result)
    assert result.evidence("id").to_list() == result.frame["evidence"].to_list()
    english = find_overlaps(rolls, deaths=pseudonymize_roll(planted.persons, KEY), lang="en")
    assert result.evidence("en").to_list() == english.frame["evidence"].to_list()


def test_evidence_language_is_checked(both: dict[str, bv.OverlapResult]) -> None:
    with pytest.raises(InvalidArgument, match="lang"):
        both["id"].evidence("fr")  # type: ignore[arg-type]


@pytest.fixture(scope="module")
def noted(planted: Planted) -> dict[str, bv.OverlapResult]:
    """Results with notes (no deaths or employees list, fuzzy=False), in each language."""

    def run(lang: str) -> bv.OverlapResult:
        return find_overlaps(planted.rolls, persons=planted.persons, fuzzy=False, lang=lang)  # type: ignore[arg-type]

    return {"id": run("id"), "en": run("en")}


def test_actions_notes_and_findings_are_written_when_read(
    noted: dict[str, bv.OverlapResult], monkeypatch: pytest.MonkeyPatch
) -> None:
    def refuse(ctx: Context) -> detectors.Found:
        raise AssertionError("detection ran again")

    raising = tuple(detectors.Detector(d.kind, refuse) for d in detectors.DETECTORS)
    monkeypatch.setattr(detectors, "DETECTORS", raising)
    with pytest.raises(AssertionError, match="ran again"):
        find_overlaps({"PKH": pl.DataFrame({"nik": ["3576014403910003"]})})
    indonesian, english = noted["id"], noted["en"]
    assert len(indonesian) and len(indonesian.notes) == 3
    for result in (indonesian, english):
        for lang, made in noted.items():
            actions = result.actions(lang)  # type: ignore[arg-type]
            assert actions.name == "action" and actions.null_count() == 0
            assert actions.to_list() == made.frame["action"].to_list()
            assert result.notes_in(lang) == made.notes  # type: ignore[arg-type]
            assert result.findings(lang).equals(made.findings(lang))  # type: ignore[arg-type]
            assert result._fragment(lang) == made._fragment(lang)  # type: ignore[arg-type]
        # the defaults: the language find_overlaps was asked for, as frame and notes say
        assert result.actions().to_list() == result.frame["action"].to_list()
        assert result.notes_in() == result.notes
    # the texts do differ by language, and findings and fragment follow the language asked
    assert (indonesian.actions("en") != indonesian.frame["action"]).all()
    assert set(indonesian.notes_in("en")).isdisjoint(indonesian.notes)
    en_findings = indonesian.findings("en")
    assert en_findings["action"].to_list() == english.frame["action"].to_list()
    assert en_findings["message"].to_list() == english.frame["evidence"].to_list()
    html = indonesian._fragment("en")
    assert english.notes[0] in html and indonesian.notes[0] not in html


def test_default_texts_are_those_of_before() -> None:
    nik = "3576014403910003"
    rolls = {
        "PKH": pl.DataFrame({"nik": [nik], "periode": ["2026-Q1"]}),
        "BLT-DD": pl.DataFrame({"nik": [nik], "periode": ["2026-02"]}),
    }
    indonesian, english = find_overlaps(rolls), find_overlaps(rolls, lang="en")
    assert indonesian.frame["action"].to_list() == [
        "Coret dari BLT-DD (keluarga sudah menerima PKH) atau verifikasi ulang."
    ]
    assert english.frame["action"].to_list() == [
        "Remove from BLT-DD (the family already receives PKH) or verify again."
    ]
    assert indonesian.notes == (
        "Penerima yang meninggal tidak diperiksa: berikan deaths= (daftar kematian).",
        "Pekerjaan yang dikecualikan tidak diperiksa: berikan employees= (daftar pegawai).",
        "Orang yang sama dengan NIK berbeda tidak dicari: tidak ada kolom nama.",
    )
    assert english.notes == (
        "Deceased recipients were not looked for: pass deaths= (a list of deaths).",
        "Excluded occupations were not looked for: pass employees= (a list of employees).",
        "The same person under different NIKs was not looked for: no roll has a name column.",
    )
    assert indonesian.findings()["action"].to_list() == indonesian.frame["action"].to_list()
    assert english.findings("en")["action"].to_list() == english.frame["action"].to_list()
    assert all(n in indonesian._fragment("id") for n in indonesian.notes)


def test_action_and_note_language_is_checked(noted: dict[str, bv.OverlapResult]) -> None:
    with pytest.raises(InvalidArgument, match="lang"):
        noted["id"].actions("fr")  # type: ignore[arg-type]
    with pytest.raises(InvalidArgument, match="lang"):
        noted["id"].notes_in("fr")  # type: ignore[arg-type]
