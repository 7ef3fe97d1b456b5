"""Messages shown in a section of a page: where a redirect's anchor (#jobs, say) takes the
reader, rather than at the top of the page, out of sight. A view tags the message with
`section_tag("jobs")`; the page includes "section_messages.html" in that section and
shows the messages of no section at its top."""

SECTION_TAG = "section:"


def section_tag(section: str) -> str:
    return SECTION_TAG + section


def in_section(messages, section: str) -> list:
    if not section:
        return [m for m in messages if not m.extra_tags.startswith(SECTION_TAG)]
    return [m for m in messages if m.extra_tags == section_tag(section)]
