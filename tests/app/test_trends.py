"""TrendRecorder through a real PlantMonitor over fake drivers (no event loop needed)."""

from __future__ import annotations

import pytest

from app.monitor.bindings import Binding, Intervals
from app.monitor.plant_monitor import PlantMonitor
from app.trends import TagInfo, TrendRecorder, parse_tag, tag_info
from drivers.base import BAD_NOT_CONNECTED, GOOD, Quality, Sample
from drivers.fake import FakeDriver
from models.cmdb import Plant

UNCERTAIN = Quality(0x40000000, "Uncertain")
PLC = "AR-042-PLC"


class Feed:
    """A monitor whose drivers are fakes; `set` pushes one sample through it."""

    def __init__(self, plant: Plant, recorder: TrendRecorder) -> None:
        self.drivers: dict[str, FakeDriver] = {}
        self.monitor = PlantMonitor(plant, Intervals(500, 1.0), driver_factory=self.factory)
        self.monitor.add_sample_tap(recorder.on_sample)
        self.monitor.attach_drivers()

    def factory(self, binding: Binding, floor_ms: int) -> FakeDriver:
        driver = FakeDriver(list(binding.points))
        for ci_id in binding.cis:
            self.drivers[ci_id] = driver
        return driver

    def set(self, ci_id: str, point: str, value: object, quality: Quality = GOOD) -> None:
        self.drivers[ci_id].set_value(f"{ci_id}:{point}", value, quality)  # type: ignore[arg-type]


@pytest.fixture
def recorder() -> TrendRecorder:
    return TrendRecorder(raw_capacity=64, bucket_s=1.0, bucket_capacity=16)


@pytest.fixture
def feed(demo_plant: Plant, recorder: TrendRecorder) -> Feed:
    return Feed(demo_plant, recorder)


def test_records_only_watched_tags(feed: Feed, recorder: TrendRecorder) -> None:
    recorder.watch(PLC, "vibration")
    for v in (1.0, 2.5, 4.75):
        feed.set(PLC, "vibration", v)
    feed.set(PLC, "cabinet_temp", 30.0)
    feed.set("AR-042-RC", "vibration", 9.0)
    _, values = recorder.history(PLC, "vibration").window(0, 1e12)
    assert values.tolist() == [1.0, 2.5, 4.75]
    assert recorder.watched == {(PLC, "vibration")}
    with pytest.raises(KeyError):
        recorder.history(PLC, "cabinet_temp")


def test_only_good_or_uncertain_numbers(feed: Feed, recorder: TrendRecorder) -> None:
    recorder.watch(PLC, "vibration")
    recorder.watch(PLC, "line_running")
    feed.set(PLC, "vibration", 1.0)
    feed.set(PLC, "vibration", 2.0, UNCERTAIN)
    feed.set(PLC, "vibration", 3.0, BAD_NOT_CONNECTED)
    feed.set(PLC, "vibration", None)
    feed.set(PLC, "vibration", "n/a")
    feed.set(PLC, "vibration", float("nan"))
    feed.set(PLC, "line_running", True)
    feed.set(PLC, "line_running", False)
    assert recorder.history(PLC, "vibration").window(0, 1e12)[1].tolist() == [1.0, 2.0]
    assert recorder.history(PLC, "line_running").window(0, 1e12)[1].tolist() == [1.0, 0.0]


def test_times_are_monotonic_mapped_to_wall_clock() -> None:
    recorder = TrendRecorder(wall_clock=lambda: 1_700_000_000.0, monotonic=lambda: 100.0)
    recorder.watch(PLC, "vibration")
    recorder.on_sample(PLC, "vibration", Sample(f"{PLC}:vibration", 2.0, GOOD, None, 103.5))
    times, _ = recorder.history(PLC, "vibration").window(0, 2e9)
    assert times.tolist() == [1_700_000_003.5]
    assert recorder.now() == 1_700_000_000.0


def test_watch_is_counted_and_unwatch_drops_history(recorder: TrendRecorder) -> None:
    first = recorder.watch(PLC, "vibration")
    assert recorder.watch(PLC, "vibration") is first
    recorder.unwatch(PLC, "vibration")
    assert recorder.is_watched(PLC, "vibration")
    recorder.unwatch(PLC, "vibration")
    assert not recorder.is_watched(PLC, "vibration")
    assert recorder.nbytes == 0
    recorder.unwatch(PLC, "vibration")  # unknown: no error


def test_memory_bounded_after_100k_samples(recorder: TrendRecorder) -> None:
    history = recorder.watch(PLC, "vibration")
    bound = recorder.nbytes
    for k in range(100_000):
        sample = Sample(f"{PLC}:vibration", float(k % 97), GOOD, None, k * 0.05)
        recorder.on_sample(PLC, "vibration", sample)
    assert recorder.nbytes == bound == history.nbytes
    assert len(history) <= 64 + 2 * 16
    assert history.window(-1e12, 1e12)[1].max() == 96.0


def test_tag_info_from_the_plant_file(demo_plant: Plant) -> None:
    info = tag_info(demo_plant, PLC, "vibration")
    assert info == TagInfo(PLC, "vibration", "mm/s", None, 4.5, None, 7.1)
    assert info.label == "AR-042-PLC:vibration [mm/s]"
    assert tag_info(demo_plant, "AR-042-HMI", "rtt_ms").unit == "ms"
    for ci_id, point in [
        (PLC, "program_name"),
        (PLC, "nope"),
        ("NOPE", "x"),
        ("AR-042-HMI", "method"),
    ]:
        with pytest.raises(KeyError):
            tag_info(demo_plant, ci_id, point)


def test_parse_tag() -> None:
    assert parse_tag(" AR-042-PLC:vibration ") == (PLC, "vibration")
    for bad in ("AR-042-PLC", ":x", "x:", ""):
        with pytest.raises(ValueError):
            parse_tag(bad)


def test_band_names_the_worst_limit_crossed() -> None:
    info = TagInfo(PLC, "t", "°C", warn_low=10, warn_high=45, alarm_low=5, alarm_high=55)
    assert [info.band(v) for v in (30, 46, 60, 9, 4)] == [
        "",
        "above warning",
        "above alarm",
        "below warning",
        "below alarm",
    ]
    assert TagInfo(PLC, "x").band(1e9) == ""
