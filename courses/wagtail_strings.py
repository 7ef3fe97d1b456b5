"""Strings of Wagtail's page screens that instructors, coordinators and managers read: the
page editor (its action menu, publishing schedule, checks and autosave), the explorer and its
bulk actions, the page and link choosers, adding, copying, moving, deleting, unpublishing,
converting an alias, privacy, revisions, page history and workflow history, and Wagtail's
reports (aging pages, page types usage, workflows, workflow tasks, locked pages, site history).

Why this module exists: Wagtail 8's Chinese catalogue lacks the newer strings of the page
editor (its autosave, the refusal of a slug in use, "The page could not be created due to
validation errors"), and Wagtail has no Tibetan at all, so these showed in English (or, in
Tibetan, in Chinese). makemessages collects msgids only from our own code: listing them here
puts them into training_site/locale, which LOCALE_PATHS searches before Wagtail's own
catalogues, so ours add the missing ones (docs/lessons.md, docs/translations.md). Tibetan
gets every one; Chinese only where Wagtail has none (an empty Chinese msgstr leaves Wagtail's
own; tests/training_site/test_translations.py checks that it has one).

Nothing imports this module. Each msgid must stay exactly as Wagtail spells it
(tests/courses/test_lesson_drafts.py renders them through the admin, and
tests/training_site/test_admin_language.py reads every page screen in Chinese and Tibetan).
After upgrading Wagtail, run that test (ADMIN_LANGUAGE_REPORT=<file> lists what is missing)
and add what is new.
"""

from django.utils.translation import gettext_noop, ngettext_lazy, npgettext_lazy

WAGTAIL_STRINGS = (
    # wagtail/admin/views/pages/create.py
    gettext_noop("The page could not be created due to validation errors."),
    gettext_noop("There are validation errors, click save to highlight them."),
    gettext_noop("Page '%(page_title)s' created."),
    # wagtail/admin/forms/pages.py and wagtail/models/pages.py
    gettext_noop("The slug '%(page_slug)s' is already in use within the parent page."),
    gettext_noop(
        "The slug '%(page_slug)s' is already in use within the parent page at "
        "'%(parent_url_path)s'."
    ),
    # wagtail/admin/templates/wagtailadmin/shared/autosave/indicator.html
    gettext_noop("Saving…"),
    gettext_noop("Saved"),
    gettext_noop("Autosave is paused"),
    # the editor's tabs and the slug field
    gettext_noop("Promote"),
    gettext_noop("Slug"),
    gettext_noop("Unsaved changes"),
    # The explorer, choosers, page actions, history and reports
    gettext_noop("Action"),
    gettext_noop("User"),
    gettext_noop("Date / Time"),
    gettext_noop("Date/Time"),
    gettext_noop("Edit this item"),
    gettext_noop("'%(workflow)s' started. Next step '%(task)s'"),
    gettext_noop("Published"),
    gettext_noop("page log entry"),
    gettext_noop("page log entries"),
    gettext_noop("Live version"),
    gettext_noop("live revision"),
    gettext_noop("Delete %(title)s"),
    gettext_noop("Page"),
    gettext_noop("page"),
    gettext_noop("pages"),
    gettext_noop("Updated"),
    gettext_noop("Visit the live page"),
    gettext_noop("Current page status:"),
    gettext_noop("live"),
    gettext_noop("draft"),
    gettext_noop("live + draft"),
    gettext_noop("live + in moderation"),
    gettext_noop("live + scheduled"),
    gettext_noop("in moderation"),
    gettext_noop("scheduled"),
    gettext_noop("expired"),
    gettext_noop("Explore"),
    gettext_noop("Explore child pages of '%(title)s'"),
    gettext_noop("Explore subpages of '%(title)s'"),
    gettext_noop("Page %(page_number)s of %(num_pages)s."),
    gettext_noop("Parent"),
    gettext_noop("Add an external link"),
    gettext_noop("Internal link"),
    gettext_noop("External link"),
    gettext_noop("Insert link"),
    gettext_noop("Add an email link"),
    gettext_noop("Email link"),
    gettext_noop("Add a phone link"),
    gettext_noop("Phone link"),
    gettext_noop("Add an anchor link"),
    gettext_noop("Anchor link"),
    gettext_noop("Insert anchor"),
    gettext_noop("Email address"),
    gettext_noop("Exploring"),
    gettext_noop("%(start_index)s-%(end_index)s of %(items_count)s %(model_name)s"),
    gettext_noop("Add a child page"),
    gettext_noop("Add child page"),
    gettext_noop("Visible to all. Visit the live page"),
    gettext_noop("Visible to all"),
    gettext_noop("Live"),
    gettext_noop("Private. Visit the live page"),
    gettext_noop("Private"),
    gettext_noop("Select row"),
    gettext_noop("Select all"),
    gettext_noop(
        "Sort the order of child pages within '%(parent)s' by '%(label)s' in ascending order."
    ),
    gettext_noop("Choose"),
    gettext_noop("Select"),
    gettext_noop("Bulk actions"),
    gettext_noop("Move selected pages"),
    gettext_noop("Move"),
    gettext_noop("Delete selected pages"),
    gettext_noop("Publish selected pages"),
    gettext_noop("Unpublish selected pages"),
    gettext_noop("Unpublish"),
    gettext_noop("Unpublished"),
    gettext_noop(
        "Pages created here will not be accessible at any URL. To add pages to an existing "
        "site, create them as children of the homepage."
    ),
    gettext_noop("Toggle checks"),
    gettext_noop("Checks"),
    gettext_noop("Use meaningful text for screen reader users"),
    gettext_noop("Use a meaningful title for screen reader users"),
    gettext_noop("Avoid skipping levels"),
    gettext_noop("Use proper heading tags"),
    gettext_noop("Use meaningful text"),
    gettext_noop("Add a concise description for search engines"),
    gettext_noop("Anyone with editing permissions can create schedules"),
    gettext_noop("But only those with publishing permissions can make them effective."),
    gettext_noop("Choose when this page should go live and/or expire"),
    gettext_noop("Choose when this %(model_name)s should go live and/or expire"),
    gettext_noop("Choose parent"),
    gettext_noop("The new page will be a child of this given parent page."),
    gettext_noop("Create a new %(model_name)s"),
    gettext_noop("A network error occurred"),
    gettext_noop(
        "Troubleshoot your connection to the site before proceeding. Open the editor in a "
        "separate tab to view the last saved version."
    ),
    gettext_noop("View latest version"),
    gettext_noop(
        'This publishing schedule will only take effect after you select the "Schedule to '
        'publish" option'
    ),
    gettext_noop("Toggle preview"),
    gettext_noop("Toggle comments"),
    gettext_noop("Comments"),
    gettext_noop("Comment"),
    gettext_noop("comment"),
    gettext_noop("comments"),
    gettext_noop("Content"),
    gettext_noop("Set publishing schedule"),
    gettext_noop("go live date/time"),
    gettext_noop("expiry date/time"),
    gettext_noop("Add comment"),
    gettext_noop("Add Comment"),
    gettext_noop("Save schedule"),
    gettext_noop("Save draft"),
    gettext_noop("Save Draft"),
    gettext_noop("More actions"),
    gettext_noop("Parent page"),
    gettext_noop("Editing %(page_type)s"),
    gettext_noop("Continue"),
    gettext_noop("Are you sure you want to delete this page?"),
    gettext_noop("Yes, delete it"),
    gettext_noop("No, don't delete it"),
    gettext_noop(
        'Alternatively you can <a href="%(unpublish_url)s">unpublish the page</a>. This '
        "removes the page from public view and you can edit or publish it again later."
    ),
    gettext_noop("Are you sure you want to unpublish this page?"),
    gettext_noop("Yes, unpublish it"),
    gettext_noop("No, don't unpublish"),
    gettext_noop("Convert alias %(title)s"),
    gettext_noop("Convert alias"),
    gettext_noop("Are you sure you want to convert this alias into an ordinary page?"),
    gettext_noop("This action cannot be undone."),
    gettext_noop("Yes, convert it"),
    gettext_noop("No, leave it as an alias"),
    gettext_noop("Other searches"),
    gettext_noop("Page types"),
    gettext_noop("Move %(title)s"),
    gettext_noop("New parent page"),
    gettext_noop("Select a new parent for this page."),
    gettext_noop("Are you sure you want to move this page into '%(title)s'?"),
    gettext_noop("Yes, move this page"),
    gettext_noop("Copy %(title)s"),
    gettext_noop("New title"),
    gettext_noop("New slug"),
    gettext_noop("This copy will be a child of this given parent page."),
    gettext_noop("Publish copied page"),
    gettext_noop("This page is live. Would you like to publish its copy as well?"),
    gettext_noop("Alias"),
    gettext_noop("Keep the new pages updated with future changes"),
    gettext_noop("Copy this page"),
    gettext_noop("Publish page"),
    gettext_noop("Publishing this page will cancel the current workflow."),
    gettext_noop("Would you still like to publish this page?"),
    gettext_noop("Public"),
    gettext_noop("Private, accessible with a shared password"),
    gettext_noop("Private, accessible to any logged-in users"),
    gettext_noop("Private, accessible to users in specific groups"),
    gettext_noop("Replace current draft"),
    gettext_noop("Unschedule"),
    gettext_noop("Are you sure you want to unschedule this revision?"),
    gettext_noop("Yes, unschedule"),
    gettext_noop("No, don't unschedule"),
    gettext_noop("Changes"),
    gettext_noop("Compare"),
    gettext_noop("title"),
    gettext_noop("revision"),
    gettext_noop("revisions"),
    gettext_noop("Workflow history"),
    gettext_noop("Requested by"),
    gettext_noop("Requested By"),
    gettext_noop("requested by"),
    gettext_noop("Started at"),
    gettext_noop("Incomplete task"),
    gettext_noop("Workflow progress"),
    gettext_noop("Edit / Review"),
    gettext_noop("Timeline"),
    gettext_noop("Requested by <b>%(modified_by)s</b>"),
    gettext_noop("Started at <b>%(started_at)s</b>"),
    gettext_noop("Workflow state"),
    gettext_noop("Workflow states"),
    gettext_noop("Task state"),
    gettext_noop("Task states"),
    gettext_noop("By task"),
    gettext_noop("By workflow"),
    gettext_noop("No locked pages found."),
    gettext_noop("Workflow"),
    gettext_noop("workflow"),
    gettext_noop("Page/Snippet"),
    gettext_noop("Completed at"),
    gettext_noop("Last published"),
    gettext_noop("Last published by"),
    gettext_noop("App"),
    gettext_noop("Last edited page"),
    gettext_noop("Last edit"),
    gettext_noop("content types"),
    gettext_noop("content type"),
    gettext_noop("Pages using"),
    ngettext_lazy(
        "You don't have permission to delete this page",
        "You don't have permission to delete these pages",
        "count",
    ),
    ngettext_lazy("There is %(counter)s match", "There are %(counter)s matches", "count"),
    ngettext_lazy("1 page", "%(counter)s pages", "count"),
    ngettext_lazy("There is one matching page", "There are %(counter)s matching pages", "count"),
    # Blocks of Wagtail's templates and counts missing from its Chinese catalogue too
    gettext_noop("model log entry"),
    gettext_noop("model log entries"),
    gettext_noop('revision %(revision_id)s of "%(object)s"'),
    gettext_noop("Status %(status)s"),
    gettext_noop(
        "You are viewing a previous version of this page from <b>%(created_at)s</b> by %(user)s"
    ),
    gettext_noop(
        "You are viewing a previous version of this %(model_name)s from <b>%(created_at)s</b> "
        "by %(user)s"
    ),
    gettext_noop(
        "This page was marked as needing changes at <strong>%(task)s</strong> in "
        "<strong>%(workflow)s</strong>."
    ),
    gettext_noop(
        "This page is currently at <strong>%(task)s</strong> in <strong>%(workflow)s</strong>."
    ),
    gettext_noop(
        "%(start_index)s-%(end_index)s of %(items_count)s %(model_name)s across entire site."
    ),
    gettext_noop("No results across entire site."),
    gettext_noop("Search in '<span class=\"w-title-ellipsis\">%(title)s</span>'"),
    gettext_noop(
        "%(start_index)s-%(end_index)s of %(items_count)s %(model_name)s in '<span "
        'class="w-title-ellipsis">%(title)s</span>\'.'
    ),
    gettext_noop("No results in '<span class=\"w-title-ellipsis\">%(title)s</span>'."),
    gettext_noop("Search the whole site"),
    gettext_noop("Autosave is <span>paused</span>"),
    gettext_noop("Save your changes before leaving"),
    gettext_noop("You have <span>unsaved edits</span>"),
    ngettext_lazy("Delete 1 page", "Delete %(counter)s pages", "count"),
    # The page history's messages and actions (wagtail/wagtail_hooks.py)
    gettext_noop("Locked"),
    gettext_noop("Unlocked"),
    gettext_noop("Edited"),
    gettext_noop("Deleted"),
    gettext_noop("Publish scheduled draft"),
    gettext_noop("Published scheduled draft"),
    gettext_noop("Unpublish scheduled draft"),
    gettext_noop("Unpublished scheduled draft"),
    gettext_noop("Reject"),
    gettext_noop("Rename"),
    gettext_noop("Renamed from '%(old)s' to '%(new)s'"),
    gettext_noop("Revert"),
    gettext_noop("Reverted to previous revision with id %(revision_id)s from %(created_at)s"),
    gettext_noop("Reverted to previous revision"),
    gettext_noop("Copied from %(title)s"),
    gettext_noop("Copied"),
    gettext_noop("Create alias"),
    gettext_noop("Created an alias of %(title)s"),
    gettext_noop("Created an alias"),
    gettext_noop("Convert alias into ordinary page"),
    gettext_noop("Converted the alias '%(title)s' into an ordinary page"),
    gettext_noop("Converted an alias into an ordinary page"),
    gettext_noop("Moved from '%(old_parent)s' to '%(new_parent)s'"),
    gettext_noop("Moved"),
    gettext_noop("Reorder"),
    gettext_noop("Reordered under '%(parent)s'"),
    gettext_noop("Reordered"),
    gettext_noop("Schedule publication"),
    gettext_noop(
        "Revision %(revision_id)s from %(created_at)s scheduled for publishing at %(go_live_at)s."
    ),
    gettext_noop("%(model_name)s scheduled for publishing at %(go_live_at)s"),
    gettext_noop("%(model_name)s scheduled for publishing"),
    gettext_noop("Unschedule publication"),
    gettext_noop(
        "Revision %(revision_id)s from %(created_at)s unscheduled from publishing at "
        "%(go_live_at)s."
    ),
    gettext_noop("%(model_name)s unscheduled for publishing at %(go_live_at)s"),
    gettext_noop("%(model_name)s unscheduled from publishing"),
    gettext_noop("Add view restrictions"),
    gettext_noop("Added the '%(restriction)s' view restriction"),
    gettext_noop("Added view restriction"),
    gettext_noop("Update view restrictions"),
    gettext_noop("Updated the view restriction to '%(restriction)s'"),
    gettext_noop("Updated view restriction"),
    gettext_noop("Remove view restrictions"),
    gettext_noop("Removed the '%(restriction)s' view restriction. The page is public."),
    gettext_noop("Removed view restriction"),
    gettext_noop('Added a comment on field %(field)s: "%(text)s"'),
    gettext_noop("Added a comment"),
    gettext_noop("Edit comment"),
    gettext_noop('Edited a comment on field %(field)s: "%(text)s"'),
    gettext_noop("Edited a comment"),
    gettext_noop("Delete comment"),
    gettext_noop('Deleted a comment on field %(field)s: "%(text)s"'),
    gettext_noop("Deleted a comment"),
    gettext_noop("Resolve comment"),
    gettext_noop('Resolved a comment on field %(field)s: "%(text)s"'),
    gettext_noop("Resolved a comment"),
    gettext_noop("Reply to comment"),
    gettext_noop('Replied to comment on field %(field)s: "%(text)s"'),
    gettext_noop("Replied to a comment"),
    gettext_noop("Edit reply to comment"),
    gettext_noop('Edited a reply to a comment on field %(field)s: "%(text)s"'),
    gettext_noop("Edited a reply"),
    gettext_noop("Delete reply to comment"),
    gettext_noop('Deleted a reply to a comment on field %(field)s: "%(text)s"'),
    gettext_noop("Deleted a reply"),
    gettext_noop("Workflow: start"),
    gettext_noop("Workflow started"),
    gettext_noop("Workflow: approve task"),
    gettext_noop("Approved at '%(task)s'. Next step '%(next_task)s'"),
    gettext_noop("Approved at '%(task)s'. '%(workflow)s' complete"),
    gettext_noop("Workflow task approved"),
    gettext_noop("Workflow: reject task"),
    gettext_noop("Rejected at '%(task)s'. Changes requested"),
    gettext_noop("Workflow task rejected. Workflow complete"),
    gettext_noop("Workflow: resume task"),
    gettext_noop("Resubmitted '%(task)s'. Workflow resumed"),
    gettext_noop("Workflow task resubmitted. Workflow resumed"),
    gettext_noop("Workflow: cancel"),
    gettext_noop("Cancelled '%(workflow)s' at '%(task)s'"),
    gettext_noop("Workflow cancelled"),
    # What an instructor reads of a lesson waiting for approval, or locked
    gettext_noop("This %(model_name)s is currently awaiting moderation."),
    gettext_noop("Only reviewers for this task can edit the %(model_name)s."),
    gettext_noop("Only reviewers can edit and approve the %(model_name)s"),
    gettext_noop("Cancel workflow "),
    gettext_noop("Restart workflow "),
    gettext_noop("Page locked"),
    gettext_noop("Locked at"),
    gettext_noop("Locked by"),
    gettext_noop("This page is locked, by you, to further editing"),
    gettext_noop("This page is locked to further editing"),
    gettext_noop("Locked by <b>you</b> at <b>%(locking_date)s</b>"),
    gettext_noop("Locked by <b>%(locked_by)s</b> at <b>%(locking_date)s</b>"),
    gettext_noop("Locked at <b>%(locking_date)s</b>"),
    gettext_noop("In Moderation"),
    gettext_noop("The page could not be saved as it is locked."),
    gettext_noop("Page '%(page_title)s' is now unlocked."),
    gettext_noop(
        'The page "%(title)s" has been submitted for approval in moderation stage "%(task)s".'
    ),
    gettext_noop('The page "%(title)s" has been approved in moderation stage "%(task)s".'),
    gettext_noop('The page "%(title)s" has been rejected in moderation stage "%(task)s".'),
    gettext_noop("The page '%(page_title)s' is not currently awaiting moderation."),
    # Messages after a page action (wagtail/admin/views/pages/)
    gettext_noop("Cancel scheduled publish"),
    gettext_noop("Saving will overwrite a newer version."),
    gettext_noop("Page '%(page_title)s' has been converted into an ordinary page."),
    gettext_noop("Page '%(page_title)s' and %(subpages_count)s subpages copied."),
    gettext_noop("Page '%(page_title)s' copied."),
    gettext_noop("View draft"),
    gettext_noop("View live"),
    gettext_noop("Page '%(page_title)s' created and scheduled for publishing."),
    gettext_noop("Page '%(page_title)s' created and published."),
    gettext_noop("Page '%(page_title)s' created and submitted for moderation."),
    gettext_noop("Page '%(page_title)s' deleted."),
    gettext_noop(
        "Page '%(page_title)s' has been replaced with version from %(previous_revision_datetime)s."
    ),
    gettext_noop("Page '%(page_title)s' has been updated."),
    gettext_noop("Workflow on page '%(page_title)s' has been cancelled."),
    gettext_noop(
        "Version from %(previous_revision_datetime)s of page '%(page_title)s' has been "
        "scheduled for publishing."
    ),
    gettext_noop(
        "Page '%(page_title)s' is live and this version has been scheduled for publishing."
    ),
    gettext_noop("Page '%(page_title)s' has been scheduled for publishing."),
    gettext_noop("Version from %(datetime)s of page '%(page_title)s' has been published."),
    gettext_noop("Page '%(page_title)s' has been published."),
    gettext_noop("Page '%(page_title)s' has been submitted for moderation."),
    gettext_noop("Workflow on page '%(page_title)s' has been restarted."),
    gettext_noop("The page could not be saved due to validation errors."),
    gettext_noop(
        "The slug '%(page_slug)s' is already in use at the selected parent page. Make sure "
        "the slug is unique and try again."
    ),
    gettext_noop("Page '%(page_title)s' moved."),
    gettext_noop("Page '%(page_title)s' unpublished."),
    gettext_noop(
        "The page '%(page_title)s' is not currently awaiting moderation in task '%(task_name)s'."
    ),
    # What a click shows: the listings' filter drawer (explorer, page types, forms, reports)
    gettext_noop("Page type"),
    gettext_noop("Has child pages"),
    gettext_noop("Any"),
    gettext_noop("Edited by"),
    gettext_noop("Date updated"),
    gettext_noop("Owner"),
    gettext_noop("Site"),
    gettext_noop("default"),  # a site's, "Eagle [default]"
    gettext_noop("Sort menu order"),
    gettext_noop("Anyone"),
    gettext_noop("Is commenting action"),
    gettext_noop("Awaiting my review"),
    gettext_noop("Last published before"),
    gettext_noop("task"),
    # ... the editor's side panels: status, privacy, locking, preview and content checks
    gettext_noop("Locale: "),
    gettext_noop("No other translations"),
    gettext_noop("Page visibility: "),
    gettext_noop("Once live anyone can view"),
    gettext_noop("Not visible to the public"),
    gettext_noop("Change privacy"),
    gettext_noop("Choose who can view the live version of this page"),
    gettext_noop("Privacy changes apply to all children of this page too."),
    gettext_noop("Locking: "),
    gettext_noop("Locked by workflow"),  # wagtail/locks.py
    gettext_noop("Locked by you"),
    gettext_noop("Locked by another user"),
    gettext_noop("Locked by schedule"),
    gettext_noop("Currently locked and will go live on the scheduled date"),
    gettext_noop("No one can make changes while the %(model_name)s is locked"),
    gettext_noop("Only %(user)s can make changes while the %(model_name)s is locked"),
    gettext_noop("Only you can make changes while the %(model_name)s is locked"),
    gettext_noop("Anyone can edit this %(model_name)s"),
    gettext_noop(
        "Reviewers can edit this %(model_name)s – lock it to prevent other reviewers from editing"
    ),
    gettext_noop("No publishing schedule set"),
    gettext_noop("Set schedule"),
    gettext_noop("View details"),
    gettext_noop("See full history"),
    gettext_noop("First published"),
    gettext_noop("To be created by %(user)s"),
    gettext_noop("by %(user)s"),
    gettext_noop("%(time)s by %(user_display_name)s"),
    gettext_noop("Comment notifications"),
    gettext_noop("Preview in new tab"),
    gettext_noop("Preview in mobile size"),
    gettext_noop("Preview in tablet size"),
    gettext_noop("Preview in desktop size"),
    gettext_noop("Preview is out of date"),
    gettext_noop("Correct the validation errors to resume preview (saving will highlight errors)"),
    gettext_noop("Loading"),
    gettext_noop("Issues found"),
    gettext_noop("Show issue"),
    gettext_noop("Content metrics"),
    gettext_noop("How we calculate our metrics"),
    gettext_noop("This data explained"),
    gettext_noop("Words"),
    gettext_noop("Reading time"),
    gettext_noop("Readability"),
    gettext_noop(
        "We extract the main content from the page preview, remove all formatting, and "
        "calculate the number of words."
    ),
    gettext_noop(
        "We calculate reading time from word count, using different reading speeds for "
        "different languages."
    ),
    gettext_noop(
        "We use a readability formula based on length of words and sentences. Long sentences "
        "and words result in a worse readability score."
    ),
    gettext_noop(
        'See our <a href="%(guide_link)s" target="_blank">content checks guide</a> for more '
        "information on how content metrics are calculated."
    ),
    # ... the action menu, the Promote tab, a rich text's toolbar
    gettext_noop("Submit to %(workflow_name)s"),
    gettext_noop("%(label)s and Publish"),
    gettext_noop("Publishing…"),
    gettext_noop("Publish this version"),
    gettext_noop("Initial Revision"),
    gettext_noop("Page title"),  # its field's placeholder, "Page title*"
    gettext_noop("The page title as you'd like it to be seen by the public"),
    gettext_noop("For search engines"),
    gettext_noop("For site menus"),
    gettext_noop("slug"),
    gettext_noop(
        "The name of the page as it will appear in URLs e.g http://domain.com/blog/[my-slug]/"
    ),
    gettext_noop("title tag"),
    gettext_noop(
        "The name of the page displayed on search engine results as the clickable headline."
    ),
    gettext_noop("meta description"),
    gettext_noop("The descriptive text displayed underneath a headline in search engine results."),
    gettext_noop("show in menus"),
    gettext_noop("Whether a link to this page will appear in automatically generated menus"),
    gettext_noop("Heading 3"),
    gettext_noop("Heading 4"),
    gettext_noop("Numbered list"),
    gettext_noop("Bulleted list"),
    gettext_noop("Link"),
    # ... the privacy dialog
    gettext_noop("groups"),
    gettext_noop("shared password"),
    gettext_noop(
        "Shared passwords should not be used to protect sensitive content. Anyone who has this "
        "password will be able to view the content."
    ),
    # Django's naturaltime (django.contrib.humanize, not an installed app: its catalogue is not
    # read), which the workflow's status dialog uses: "Sent to ... 2 minutes ago". Django
    # spells its counts with a no-break space.
    gettext_noop("%(delta)s ago"),
    gettext_noop("now"),
    ngettext_lazy("a second ago", "%(count)s seconds ago", "count"),
    ngettext_lazy("a minute ago", "%(count)s minutes ago", "count"),
    ngettext_lazy("an hour ago", "%(count)s hours ago", "count"),
    npgettext_lazy("naturaltime-past", "%(num)d year", "%(num)d years", "num"),
    npgettext_lazy("naturaltime-past", "%(num)d month", "%(num)d months", "num"),
    npgettext_lazy("naturaltime-past", "%(num)d week", "%(num)d weeks", "num"),
    npgettext_lazy("naturaltime-past", "%(num)d day", "%(num)d days", "num"),
    npgettext_lazy("naturaltime-past", "%(num)d hour", "%(num)d hours", "num"),
    npgettext_lazy("naturaltime-past", "%(num)d minute", "%(num)d minutes", "num"),
)
