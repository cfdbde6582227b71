"""Bootstrap cut down to the rules our pages use (core/purge_css.py)."""

from django.contrib.staticfiles import finders

from core.purge_css import BUILT_STYLESHEET, purged, site_bootstrap, words


def test_the_built_stylesheet_matches_the_templates_as_they_are():
    assert finders.find("css/bootstrap.css") == str(BUILT_STYLESHEET)
    assert BUILT_STYLESHEET.read_text(encoding="utf-8") == site_bootstrap(), (
        "build/static/css/bootstrap.css is out of date: run `make install` "
        "(or `python manage.py build_css`)"
    )


def test_a_rule_goes_when_a_class_it_needs_is_used_nowhere():
    css = ".btn{color:red}.card .btn{margin:0}.toast{color:blue}p{margin:0}"
    assert purged(css, {"btn"}) == ".btn{color:red}p{margin:0}"


def test_a_selector_list_keeps_only_the_selectors_that_can_match():
    assert purged(".a,.b>.c,h1{color:red}", {"a", "c"}) == ".a,h1{color:red}"


def test_classes_a_matching_element_need_not_have_do_not_count():
    css = ".btn:not(.btn-check){color:red}.x:where(.y){top:0}.z:nth-child(2){top:0}"
    assert purged(css, {"btn", "x", "z"}) == css


def test_grouping_rules_keep_their_used_rules_and_go_when_empty():
    css = "@media (min-width:576px){.a{top:0}.b{top:1px}}@media print{.b{top:0}}"
    assert purged(css, {"a"}) == "@media (min-width:576px){.a{top:0}}"


def test_custom_properties_nothing_reads_go_even_through_a_chain():
    css = (
        ":root{--bs-a:1px;--bs-b:var(--bs-a);--bs-c:2px;--bs-d:3px;--bs-e:var(--bs-f)}"
        ".used{top:var(--bs-c)}.gone{top:var(--bs-b)}"
    )
    assert purged(css, {"used"}, also_reading="p{top:var(--bs-d)}") == (
        ":root{--bs-c:2px;--bs-d:3px}.used{top:var(--bs-c)}"
    )


def test_a_fallback_inside_var_counts_as_read():
    css = ":root{--bs-a:1px;--bs-b:2px}.x{top:var(--bs-a,var(--bs-b))}"
    assert purged(css, {"x"}) == css


def test_keyframes_stay_only_when_an_animation_names_them():
    css = (
        ".spin{animation:spin 1s}@keyframes spin{to{transform:rotate(1turn)}}"
        "@keyframes fade{to{opacity:0}}"
    )
    assert purged(css, {"spin"}) == (
        ".spin{animation:spin 1s}@keyframes spin{to{transform:rotate(1turn)}}"
    )


def test_the_licence_and_important_stay():
    css = '@charset "UTF-8";/*! licence */.a{top:0!important}'
    assert purged(css, {"a"}) == css


def test_classes_are_found_as_words_with_the_safelist(tmp_path):
    (tmp_path / "t.html").write_text('<p class="col-md-6 text-body-secondary">')
    assert {"col-md-6", "text-body-secondary", "alert-danger"} <= words(
        [tmp_path / "t.html"]
    )


def test_the_site_stylesheet_is_far_smaller_than_bootstrap_and_keeps_what_pages_use():
    css = BUILT_STYLESHEET.read_text(encoding="utf-8")
    assert len(css.encode()) < 80_000  # Bootstrap's own: 232,000 bytes
    for needed in (".btn-primary{", ".card{", ".alert-danger{", ".form-control{"):
        assert needed in css
    assert ".carousel" not in css and ".toast{" not in css
