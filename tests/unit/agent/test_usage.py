"""gui.agent.events.Usage: summed over model calls; nothing counted reads as no usage."""

from gui.agent.events import Usage


def test_usage_adds_up_per_kind() -> None:
    assert Usage(3, 4) + Usage(10, 1) == Usage(13, 5)


def test_nothing_counted_is_no_usage_so_no_footer_or_line_is_shown() -> None:
    # The offline router counts no tokens: "Tokens: 0 in, 0 out" under its answers was noise.
    assert not Usage()
    assert Usage(0, 1) and Usage(1, 0)
