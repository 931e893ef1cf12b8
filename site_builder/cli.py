"""The `pks` command line: parse options, call one function, map the outcome to an exit code."""

from __future__ import annotations

import datetime as dt
import os
import re
import sys
from pathlib import Path
from typing import Any, NoReturn

import click

from site_builder import __version__
from site_builder.dates import default_as_of
from site_builder.errors import PksError
from site_builder.validation import messages

# The as-of dates a site can be built for: MkDocs stamps the build (noon WITA of the as-of day) into
# gzip headers, which hold 32-bit Unix times; later years only overflow date arithmetic.
FIRST_AS_OF, LAST_AS_OF = dt.date(1970, 1, 1), dt.date(2099, 12, 31)
LAST_EPOCH = 2**32 - 1
MAX_WARN_DAYS = 3650


def _day(value: str) -> dt.date:
    """A YYYY-MM-DD date and nothing else: fromisoformat also takes 20230213 and 2023-W07-1."""
    if not re.fullmatch(r"[0-9]{4}-[0-9]{2}-[0-9]{2}", value):
        raise ValueError(value)
    return dt.date.fromisoformat(value)


def _as_of(ctx, param, value):
    epoch = os.environ.get("SOURCE_DATE_EPOCH")  # the default as-of day, and MkDocs' build time
    if epoch is not None and not (epoch.strip().isdigit() and int(epoch) <= LAST_EPOCH):
        raise click.UsageError(messages.say("source-date-epoch", value=epoch, last=LAST_EPOCH))
    if value is None:
        day = default_as_of()
    else:
        try:
            day = _day(value)
        except ValueError:
            raise click.BadParameter(messages.say("date-format", value=value)) from None
    if not FIRST_AS_OF <= day <= LAST_AS_OF:
        raise click.BadParameter(messages.say("as-of-range", value=day, first=FIRST_AS_OF, last=LAST_AS_OF))
    return day


root_option = click.option(
    "--root",
    type=click.Path(file_okay=False, path_type=Path),
    default=".",
    show_default=True,
    help="Folder registri (berisi agencies/, agreements/, schema/). / Registry folder.",
)
lang_option = click.option(
    "--lang",
    type=click.Choice(messages.LANGUAGES),
    default=None,
    help="Bahasa pesan: id (bawaan) atau en; juga PKS_LANG. / Message language.",
)
as_of_option = click.option(
    "--as-of",
    "as_of",
    callback=_as_of,
    default=None,
    metavar="TTTT-BB-HH",
    help="Tanggal acuan (bawaan: hari ini WITA). / As-of date (default: today in WITA).",
)


def _registry_root(root: Path) -> Path:
    root = root.resolve()
    if not (root / "schema").is_dir():
        raise click.UsageError(f"{root} bukan registri (tidak ada schema/) / is not a registry (no schema/)")
    return root


SITE_NOT_BUILT = "Situs tidak dibangun: perbaiki galat di atas. / Site not built: fix the errors above."


def _fail(error: PksError, ctx: click.Context) -> NoReturn:
    """The one place a pks failure becomes what its user sees and the exit code (docs/teknis/arsitektur.md):
    `Error: <message>` on stderr, said in --lang when the error has words in both languages; the
    command's usage too when it was called wrongly; the validator's report when records stopped it."""
    from site_builder.build import RecordsInvalid

    lang = ctx.params.get("lang")
    if isinstance(error, RecordsInvalid):
        _show_report(error.report, Path(ctx.params.get("root") or ".").resolve(), lang)
        click.echo(SITE_NOT_BUILT, err=True)
        ctx.exit(error.exit_code)
    message = messages.say(error.key, lang, **error.params) if error.key else str(error)
    if error.shows_usage:
        raise click.UsageError(message, ctx) from error
    click.echo(f"Error: {message}", err=True)  # as click.ClickException says it, with the error's own exit code
    ctx.exit(error.exit_code)


class _Command(click.Command):
    def invoke(self, ctx: click.Context) -> Any:
        try:
            return super().invoke(ctx)
        except PksError as error:
            _fail(error, ctx)


class _Group(click.Group):
    """Every command of pks, and of its subgroups, maps its PksErrors through _fail."""

    command_class = _Command
    group_class = type  # subgroups are _Groups too


@click.group(cls=_Group, context_settings={"help_option_names": ["-h", "--help"]})
@click.version_option(__version__, prog_name="pks")
def main():
    """pks: registri perjanjian kerja sama lembaga pemasyarakatan / cooperation-agreement registry."""


@main.command()
@click.argument("paths", nargs=-1, type=click.Path(path_type=Path))  # links not followed: see validate()
@root_option
@lang_option
@as_of_option
@click.option(
    "--format",
    "output_format",
    type=click.Choice(["auto", "text", "parsable", "github", "json"]),
    default="auto",
    show_default=True,
    help="Bentuk keluaran; auto = github di GitHub Actions, selain itu text. / Output format.",
)
@click.option("--strict", is_flag=True, help="Peringatan juga menggagalkan. / Warnings fail too.")
def validate(paths, root, lang, as_of, output_format, strict):
    """Periksa semua rekaman; dengan PATHS hanya melaporkan berkas itu. / Check every record."""
    from site_builder.validation import reporters, sources
    from site_builder.validation.validate import validate as run

    root = _registry_root(root)
    only = None
    if paths:
        only = set()
        for path in paths:
            relpath = sources.named_relpath(root, path)  # a link named is reported, never followed
            if relpath is None:
                raise click.UsageError(f"{path} berada di luar registri {root} / is outside the registry")
            if not os.path.lexists(root / relpath):
                raise click.UsageError(f"{path} tidak ada / does not exist")
            only.add(relpath)
    # Named files (a pre-commit hook): from per-file summaries, reporting on those files only.
    kept = _kept_for_exit if _as_program else None
    report, _ = run(root, as_of, records=not paths, only=only, whole=False, keep=kept)
    lang = messages.language(lang)
    shown = report.only(only)
    click.echo(reporters.choose(output_format)(shown, root, lang), nl=False)
    global _leave_without_teardown
    _leave_without_teardown = True  # nothing of this command needs the interpreter's teardown; see run()
    sys.exit(shown.exit_code(strict))


@main.command("diff")
@click.argument("base")
@click.argument("head", default="HEAD")
@root_option
@click.option(
    "--format",
    "output_format",
    type=click.Choice(["text", "markdown", "json"]),
    default="text",
    show_default=True,
    help="Bentuk keluaran; markdown untuk ringkasan GitHub Actions. / Output format.",
)
def diff_command(base, head, root, output_format):
    """Apa yang berubah di registri antara dua revisi git. / What changed in the registry between two git revisions."""
    from site_builder.workflow import changes, diffformat

    summary = changes.summarize(root.resolve(), base, head)
    click.echo(diffformat.FORMATS[output_format](summary), nl=False)


@main.command("codeowners")
@root_option
@click.option(
    "--check", is_flag=True, help="Hanya periksa; gagal bila CODEOWNERS usang. / Only check; fail when stale."
)
def codeowners_command(root, check):
    """Tulis .github/CODEOWNERS dari kolom maintainers instansi. / Write CODEOWNERS from agency maintainers."""
    from site_builder.workflow import codeowners

    root = root.resolve()
    if not check:
        click.echo(f"ditulis / written: {codeowners.write(root).relative_to(root).as_posix()}")
        return
    expected = codeowners.stale(root)
    if expected is None:
        click.echo(".github/CODEOWNERS sesuai / is up to date")
        return
    click.echo(
        ".github/CODEOWNERS usang: jalankan `pks codeowners`, atau ganti seluruh isinya dengan teks berikut.\n"
        ".github/CODEOWNERS is stale: run `pks codeowners`, or replace its content with:\n",
        err=True,
    )
    click.echo(expected, nl=False, err=True)
    sys.exit(1)


@main.command("expiry-issues")
@root_option
@as_of_option
@click.option(
    "--repo",
    "repository",
    envvar="GITHUB_REPOSITORY",
    metavar="PEMILIK/NAMA",
    help="Repositori GitHub (bawaan: GITHUB_REPOSITORY). / GitHub repository.",
)
@click.option("--dry-run", is_flag=True, help="Tampilkan rencana tanpa mengubah isu. / Show the plan, change nothing.")
@click.option(
    "--author",
    "authors",
    multiple=True,
    envvar="PKS_ISSUE_AUTHOR",
    default=("github-actions[bot]",),
    show_default=True,
    help="Akun pembuat isu pengingat (login pemilik token bila bukan GITHUB_TOKEN). / Account whose issues count.",
)
@click.option(
    "--trusted-label",
    "labels",
    multiple=True,
    metavar="LABEL",
    help="Label yang hanya dapat dipasang pengelola; jangan label formulir isu. / A label only maintainers can set.",
)
def expiry_issues_command(root, as_of, repository, dry_run, authors, labels):
    """Buka/perbarui satu isu per perjanjian yang berakhir dalam 90 dan 30 hari. / One issue per agreement ending soon."""
    import os

    from site_builder import model
    from site_builder.validation.validate import validate as run
    from site_builder.workflow import expiry

    if set(labels) & expiry.form_labels(root):
        raise click.UsageError(
            "label itu dipasang formulir isu pada isu siapa pun / an issue form applies that label to anyone's issue"
        )
    report, shaped = run(root.resolve(), as_of)
    if report.errors:
        raise click.ClickException(
            f"registri berisi {report.errors} galat; jalankan `pks validate` / the registry has errors"
        )
    registry = model.build(shaped, as_of, warn_days=max(expiry.WINDOWS))
    server = os.environ.get("GITHUB_SERVER_URL", "https://github.com")
    guide_url = f"{server}/{repository or 'PEMILIK/NAMA'}/blob/HEAD/{expiry.GUIDE}"
    token, api = os.environ.get("GITHUB_TOKEN"), os.environ.get("GITHUB_API_URL", "https://api.github.com")
    if not dry_run and not (repository and token):
        raise click.UsageError(
            "perlu GITHUB_TOKEN dan --repo/GITHUB_REPOSITORY (atau --dry-run) / needs a token and a repository"
        )
    live = expiry.GitHubIssues(repository, token, api) if repository and token else None
    client = expiry.MemoryIssues(live.issues() if live else [], authors[0]) if dry_run else live
    outcome = expiry.sync(client, registry, guide_url, expiry.Trust(tuple(authors), tuple(labels)))
    click.echo(
        ("(uji coba, tidak ada yang diubah) / (dry run)\n" if dry_run else "") + expiry.describe(outcome), nl=False
    )


def _event(path: str | None) -> dict:
    import json

    if not path:
        raise click.UsageError("perlu GITHUB_EVENT_PATH atau --event / needs the GitHub event file")
    return json.loads(Path(path).read_text(encoding="utf-8"))


@main.group("pr-comment")
def pr_comment_group():
    """Ringkasan dan jumlah masalah sebagai satu komentar di pull request. / The summary as one PR comment."""


@pr_comment_group.command("data")
@click.option(
    "--summary", type=click.Path(path_type=Path), required=True, help="Keluaran `pks diff --format markdown`."
)
@click.option(
    "--validation", type=click.Path(path_type=Path), required=True, help="Keluaran `pks validate --format json`."
)
@click.option(
    "--out",
    type=click.Path(dir_okay=False, path_type=Path),
    required=True,
    help="Berkas JSON artefak. / Artifact file.",
)
@click.option("--event", envvar="GITHUB_EVENT_PATH", help="Peristiwa pull_request (bawaan: GITHUB_EVENT_PATH).")
def pr_comment_data(summary, validation, out, event):
    """Tulis data komentar (tanpa token, di alur kerja pull request). / Write the comment data (read-only workflow)."""
    import json

    from site_builder.workflow import prcomment

    text = summary.read_text(encoding="utf-8") if summary.is_file() else ""
    try:
        data = prcomment.artifact(_event(event), text, prcomment.counts_from_report(validation))
    except (KeyError, TypeError, ValueError):
        raise click.UsageError("peristiwa ini bukan pull_request / the event is not a pull_request event") from None
    out.write_text(json.dumps(data, ensure_ascii=False), encoding="utf-8")


@pr_comment_group.command("post")
@click.argument("artifact", type=click.Path(path_type=Path))
@click.option("--event", envvar="GITHUB_EVENT_PATH", help="Peristiwa workflow_run (bawaan: GITHUB_EVENT_PATH).")
@click.option("--repo", "repository", envvar="GITHUB_REPOSITORY", required=True, metavar="PEMILIK/NAMA")
@click.option(
    "--author",
    default="github-actions[bot]",
    envvar="PKS_COMMENT_AUTHOR",
    show_default=True,
    help="Akun penulis komentar (login pemilik token). / The account that writes the comment.",
)
def pr_comment_post(artifact, event, repository, author):
    """Buat atau perbarui satu komentar dari data artefak (tidak dipercaya). / Post or update the one comment."""
    import os

    from site_builder.workflow import prcomment

    token = os.environ.get("GITHUB_TOKEN")
    if not token:
        raise click.UsageError("perlu GITHUB_TOKEN / needs GITHUB_TOKEN")
    client = prcomment.GitHubPullComments(repository, token, os.environ.get("GITHUB_API_URL", "https://api.github.com"))
    data = prcomment.read_artifact(artifact)
    action, comment_id = prcomment.post(client, data, _event(event).get("workflow_run") or {}, author)
    click.echo(f"komentar {action} #{comment_id} di pull request #{data.pr}")


def _optional_date(ctx, param, value):
    if value in (None, "", "null", "-"):
        return None
    try:
        return _day(value).isoformat()
    except ValueError:
        raise click.BadParameter(f"'{value}' bukan tanggal TTTT-BB-HH (kosongkan bila tidak diketahui)") from None


def _record_id(ctx, param, value):
    from site_builder.validation.sources import valid_stem

    if value and not valid_stem(value):
        raise click.BadParameter(f"'{value}': huruf kecil, angka dan tanda hubung saja, mis. dinkes-hst")
    return value or None


def _optional_text(ctx, param, value):
    """An empty answer, `null` or `-` is unknown (null in the record)."""
    value = (value or "").strip()
    return None if value in ("", "null", "-") else value


def _optional_url(ctx, param, value):
    import re

    value = _optional_text(ctx, param, value)
    if value is not None and not re.fullmatch(r"https?://[^\s/$.?#]\S*", value):
        raise click.BadParameter(
            f"'{value}': alamat lengkap yang diawali http:// atau https:// (kosongkan bila tidak ada)"
        )
    return value


def _date_option(name, prompt):
    return click.option(
        name,
        callback=_optional_date,
        default="",
        show_default=False,
        metavar="TTTT-BB-HH",
        prompt=f"{prompt} (TTTT-BB-HH, kosongkan bila tidak diketahui)",
        help=f'{prompt}; "" = tidak diketahui.',
    )


# --root is read by the callbacks that check ids against the registry, so it is processed first.
registry_option = click.option(
    "--root",
    type=click.Path(file_okay=False, path_type=Path),
    default=".",
    show_default=True,
    is_eager=True,
    callback=lambda ctx, param, value: _registry_root(value),
    help="Folder registri (berisi agencies/, agreements/, schema/). / Registry folder.",
)


def _checked(check):
    """A callback that runs a scaffold check on the answer, so a prompt asks again after a wrong id."""

    def callback(ctx, param, value):
        from site_builder.workflow import scaffold

        value = _record_id(ctx, param, value)
        if value is not None:
            try:
                check(ctx.params["root"], value)
            except scaffold.ScaffoldError as exc:
                raise click.BadParameter(str(exc)) from exc
        return value

    return callback


def _agency_exists(root, agency_id):
    from site_builder.workflow import scaffold

    scaffold.require_agencies(root, [agency_id])


def _umbrella_exists(root, agreement_id):
    from site_builder.workflow import scaffold

    scaffold.require_umbrella(root, agreement_id)


KIND_ABBREVIATIONS = {
    "mou": "nota-kesepahaman",
    "pks": "perjanjian-kerja-sama",
}  # the words the prompt shows in brackets


def _kind(ctx, param, value):
    from site_builder.workflow import scaffold

    value = _optional_text(ctx, param, value)
    value = KIND_ABBREVIATIONS.get(value.lower(), value) if value else value
    try:
        scaffold.choose(ctx.params["root"], "agreement", value, "kind")
    except scaffold.ScaffoldError as exc:
        raise click.BadParameter(str(exc)) from exc
    return value


def _split_ids(values) -> list[str]:
    return [part for value in values for part in value.replace(",", " ").split()]


def _partners(ctx, param, value):
    """--partner repeated and/or comma-separated; without it, ask one partner at a time until an empty answer."""

    def check(partner):
        if partner == ctx.params.get("institution"):
            raise click.BadParameter(f"{partner} adalah lembaga pemilik folder; sebutkan mitranya saja")
        _checked(_agency_exists)(ctx, param, partner)

    partners = []
    for partner in _split_ids(value or ()):
        check(partner)
        partners.append(partner)
    if partners or ctx.resilient_parsing:
        return partners
    while True:
        number = len(partners) + 1
        extra = " (kosongkan bila sudah semua)" if partners else " (beberapa sekaligus: pisahkan dengan koma)"
        answer = click.prompt(f"id instansi mitra ke-{number}, mis. dinkes-hst{extra}", default="", show_default=False)
        if not answer.strip():
            if partners:
                return partners
            click.echo("Error: sebutkan paling sedikit satu mitra.", err=True)
            continue
        try:
            for partner in _split_ids([answer]):
                check(partner)
                if partner not in partners:
                    partners.append(partner)
        except click.BadParameter as exc:
            click.echo(f"Error: {exc.message}", err=True)


def _source_options(func):
    """The source of a starter record: publisher (required), title, web address, date published (all may be unknown)."""
    for option in reversed(
        [
            click.option(
                "--source",
                prompt="Penerbit sumber (media atau lembaga yang memuat informasinya)",
                help="Penerbit sumber fakta rekaman ini. / Publisher of the source.",
            ),
            click.option(
                "--source-title",
                default="",
                show_default=False,
                callback=_optional_text,
                prompt="Judul sumber (kosongkan bila tidak diketahui)",
                help="Judul berita atau dokumen sumber. / Title of the source.",
            ),
            click.option(
                "--source-url",
                default="",
                show_default=False,
                callback=_optional_url,
                prompt="Alamat web sumber https://... (kosongkan bila tidak ada)",
                help="Alamat sumber, http(s) saja. / Address of the source.",
            ),
            _date_option("--source-published", "Tanggal terbit sumber"),
        ]
    ):
        func = option(func)
    return func


def _source(source, source_title, source_url, source_published):
    from site_builder.workflow import scaffold

    return scaffold.Source(source, source_title, source_url, source_published)


def _write_starter(root: Path, build) -> None:
    """Write a starter record, then show what validation says about it (a starter must validate clean)."""
    from site_builder.validation import reporters
    from site_builder.validation.validate import validate as run
    from site_builder.workflow import scaffold

    target = scaffold.write(root, build())
    relpath = target.relative_to(root).as_posix()
    click.echo(f"dibuat / created: {relpath}")
    click.echo("Memeriksa berkas itu (pks validate)... / Checking it...")
    report, _ = run(root, default_as_of())
    shown = report.only({relpath})
    if shown.problems:
        click.echo(reporters.text(shown, root, messages.language(None)), nl=False)
        if shown.exit_code():
            click.echo(
                "Berkas tetap dibuat: perbaiki galat di atas, lalu jalankan `pks validate`. "
                "/ The file was written: fix the errors above, then run `pks validate`."
            )
        sys.exit(shown.exit_code())
    click.echo("Hasil pemeriksaan: tidak ada galat. / Check result: no problems.")
    click.echo("Lengkapi berkas itu; yang tidak diketahui biarkan null. / Fill it in; leave unknowns null.")


@main.group("new")
def new_group():
    """Buat rekaman awal berkomentar di folder yang benar. / Write a commented starter record."""


@new_group.command("agency")
@registry_option
@click.option("--id", "agency_id", callback=_record_id, prompt="id instansi (mis. dinsos-hst)")
@click.option("--name", prompt="Nama resmi instansi")
@click.option(
    "--kind",
    prompt="Jenis (upt-pemasyarakatan, perangkat-daerah, pemerintah-daerah, kantor-wilayah, kementerian, lainnya)",
)
@click.option(
    "--parent",
    callback=_checked(_agency_exists),
    default="",
    prompt="id instansi induk (kosongkan bila tidak ada)",
    show_default=False,
)
@_source_options
def new_agency(root, agency_id, name, kind, parent, **source):
    """agencies/<id>.yaml"""
    from site_builder.workflow import scaffold

    _write_starter(root, lambda: scaffold.agency(root, agency_id, name, kind, _source(**source), parent=parent))


@new_group.command("agreement")
@registry_option
@click.option(
    "--institution",
    callback=_checked(_agency_exists),
    prompt="id lembaga pemilik folder (mis. rutan-barabai)",
    help="Lembaga pemilik folder agreements/<lembaga>/. / The owning institution.",
)
@click.option(
    "--partner",
    "partners",
    multiple=True,
    callback=_partners,
    help="id instansi mitra; boleh diulang atau dipisah koma. / Partner agency id; repeatable or comma-separated.",
)
@click.option("--title", prompt="Judul singkat perjanjian", help="Judul singkat. / Short title.")
@click.option(
    "--kind",
    default="",
    show_default=False,
    callback=_kind,
    prompt="Jenis: nota-kesepahaman (MoU), perjanjian-kerja-sama (PKS), adendum; kosongkan bila sumber tidak menyebutnya",
    help="Jenis; null atau kosong bila tidak diketahui. / Kind; null when unknown.",
)
@click.option(
    "--umbrella",
    default="",
    show_default=False,
    callback=_checked(_umbrella_exists),
    prompt="id nota kesepahaman induk yang menaungi perjanjian ini (kosongkan bila tidak ada)",
    help="Nota kesepahaman induk (relations.umbrella). / The umbrella MoU.",
)
@_date_option("--signed", "Tanggal tanda tangan")
@_date_option("--start", "Mulai berlaku")
@_date_option("--end", "Berakhir, hanya bila sumber menyebut tanggalnya")
@click.option(
    "--id",
    "agreement_id",
    callback=_record_id,
    help="Bawaan: <lembaga>-<mitra>-<tahun>, atau <lembaga>-<mitra pertama>-dan-<n>-mitra-<tahun> "
    "untuk beberapa mitra. / Default id.",
)
@_source_options
def new_agreement(root, institution, partners, title, kind, umbrella, signed, start, end, agreement_id, **source):
    """agreements/<lembaga>/<id>.yaml

    Setiap pertanyaan dan opsinya: docs/kontributor/di-komputer.md. / Every question and its option are in that guide page.
    """
    from site_builder.workflow import scaffold

    year = (signed or start or "")[:4]
    agreement_id = agreement_id or scaffold.default_agreement_id(institution, partners, year)
    if agreement_id and agreement_id not in scaffold.record_paths(root, "agreement"):
        click.echo(f"id perjanjian / agreement id: {agreement_id}")
    else:
        this_year = str(default_as_of().year)
        example = (
            f"{agreement_id}-2" if agreement_id else scaffold.default_agreement_id(institution, partners, this_year)
        )
        agreement_id = _record_id(None, None, click.prompt(f"id perjanjian (mis. {example})"))
    _write_starter(
        root,
        lambda: scaffold.agreement(
            root,
            institution,
            partners,
            agreement_id,
            title,
            kind,
            _source(**source),
            signed=signed,
            start=start,
            end=end,
            umbrella=umbrella,
        ),
    )


@new_group.command("action-plan")
@registry_option
@click.option("--agreement", "agreement_id", callback=_record_id, prompt="id perjanjian yang dilaksanakan")
@click.option("--id", "plan_id", callback=_record_id, help="Bawaan: ra-<perjanjian>. / Default: ra-<agreement>.")
@_source_options
def new_action_plan(root, agreement_id, plan_id, **source):
    """agreements/<lembaga>/rencana-aksi/<id>.yaml"""
    from site_builder.workflow import scaffold

    _write_starter(root, lambda: scaffold.action_plan(root, agreement_id, _source(**source), plan_id=plan_id))


@main.command("renew")
@click.argument("agreement_id", callback=_record_id)
@registry_option
@_date_option("--signed", "Tanggal tanda tangan perpanjangan")
@_date_option("--start", "Mulai berlaku")
@_date_option("--end", "Berakhir, hanya bila sumber menyebut tanggalnya")
@click.option(
    "--id", "new_id", callback=_record_id, help="Bawaan: id lama dengan tahun baru. / Default: old id, new year."
)
@_source_options
def renew(agreement_id, root, signed, start, end, new_id, **source):
    """Mulai perjanjian pengganti yang memperpanjang AGREEMENT_ID. / Start the agreement that renews it."""
    from site_builder.workflow import scaffold

    _write_starter(
        root,
        lambda: scaffold.renewal(
            root, agreement_id, _source(**source), new_id=new_id, signed=signed, start=start, end=end
        ),
    )


def _warn_days(ctx, param, value):
    if not 0 <= value <= MAX_WARN_DAYS:
        raise click.BadParameter(messages.say("warn-days-range", value=value, last=MAX_WARN_DAYS))
    return value


warn_days_option = click.option(
    "--warn-days",
    type=int,
    callback=_warn_days,
    default=90,
    show_default=True,
    help="Status 'akan berakhir' sekian hari sebelum berakhir. / Days of 'ending soon'.",
)


def _show_report(report, root: Path, lang: str | None) -> None:
    from site_builder.validation import reporters

    if report.problems:
        click.echo(reporters.choose("auto")(report, root, messages.language(lang)), nl=False, err=True)


@main.command("build")
@root_option
@as_of_option
@click.option(
    "--site-dir",
    type=click.Path(file_okay=False, path_type=Path),
    default="site",
    show_default=True,
    help="Folder hasil; diganti utuh hanya bila situs baru lengkap. / Output folder, replaced only by a complete site.",
)
@warn_days_option
@lang_option
def build_command(root, as_of, site_dir, warn_days, lang):
    """Periksa rekaman, lalu bangun situs publik dan data terbuka. / Validate, then build the site."""
    from site_builder import build

    root = _registry_root(root)
    result = build.build(root, as_of, site_dir, warn_days)  # a refusal (exit 2) leaves everything untouched
    _show_report(result.report, root, lang)
    for key, params in result.notices:
        click.echo(f"Peringatan / Warning: {messages.say(key, lang, **params)}", err=True)
    index = result.site_dir / "index.html"
    program = sys.argv[0] if Path(sys.argv[0]).name == "pks" else "pks"  # e.g. .venv/bin/pks after scripts/setup
    click.echo(
        f"Situs dibangun per {as_of_words(as_of)}: {result.pages} halaman, {len(result.exports)} berkas data "
        f"di {result.site_dir}\nBuka {index} di peramban, atau jalankan `{program} serve` untuk pratinjau."
    )


def as_of_words(as_of: dt.date, machine_today: dt.date | None = None) -> str:
    """The as-of date said with its time zone: statuses are computed for a day in WITA (UTC+8), which
    can be a day ahead of (or behind) the machine's own clock; the message says so when it is."""
    machine_today = machine_today or dt.date.today()
    if as_of == default_as_of() and as_of != machine_today:
        return f"{as_of.isoformat()} (tanggal WITA, UTC+8; jam komputer ini menunjukkan {machine_today.isoformat()})"
    return f"{as_of.isoformat()} (tanggal WITA, UTC+8)"


@main.command("serve")
@root_option
@as_of_option
@warn_days_option
@lang_option
@click.option("--host", default="127.0.0.1", show_default=True, help="Alamat server. / Address to serve on.")
@click.option("--port", type=click.IntRange(0, 65535), default=8000, show_default=True, help="Port.")
def serve_command(root, as_of, warn_days, lang, host, port):
    """Pratinjau situs yang dibangun ulang setiap kali rekaman berubah. / Live preview."""
    from site_builder import build

    root = _registry_root(root)

    def on_invalid(report):
        _show_report(report, root, lang)
        click.echo(
            "Pratinjau tidak diperbarui: perbaiki galat di atas. / Preview not updated: fix the errors.", err=True
        )

    preview = build.preview(root, as_of, warn_days, on_invalid, host, port)
    click.echo(f"Pratinjau di http://{host}:{port}/ (Ctrl+C untuk berhenti). / Preview; Ctrl+C stops it.")
    preview.run()


# Set by run(): this process is the pks program, not click's test runner or a caller of main().
_as_program = False
# Set by a command whose process may end without the interpreter's teardown (`pks validate`).
_leave_without_teardown = False
_kept_for_exit: list[object] = []  # what such a command made, left for os._exit to drop unfreed


def run() -> None:
    """The `pks` program. File names are text in UTF-8 whatever the locale: under LC_ALL=C (and
    PYTHONUTF8=0) Python would hold non-ASCII names as undecodable bytes, on which MkDocs fails, so
    pks restarts itself once in Python's UTF-8 mode."""
    if not sys.flags.utf8_mode and sys.getfilesystemencoding().lower() not in ("utf-8", "utf8"):
        os.environ["PYTHONUTF8"] = "1"
        os.execv(sys.executable, [sys.executable, "-X", "utf8", *sys.orig_argv[1:]])
    global _as_program, _leave_without_teardown
    _as_program, _leave_without_teardown = True, False  # only the command this run starts may set the latter
    try:
        main()
    except SystemExit as leaving:
        if _leave_without_teardown:
            _leave_now(leaving.code)
        raise


def _leave_now(code: object) -> None:
    """End the process as its normal exit would, without freeing every object one by one (at 22,000
    records, a tenth of what `pks validate FILE` costs): the exit handlers run (atexit, as Python runs
    them at exit) and stdout and stderr are flushed, then os._exit. Only here, in the program itself:
    never under click's test runner or for a caller of main(). Returns, for the normal exit, whenever
    anything would make the two differ: a code Python would print or truncate, threads still
    running (Python waits for them), an interactive session after the run, a flush that fails."""
    import threading

    if code is None:
        code = 0
    if not isinstance(code, int) or not 0 <= code <= 255 or sys.flags.inspect or threading.active_count() != 1:
        return
    import atexit

    atexit._run_exitfuncs()
    try:
        for stream in (sys.stdout, sys.stderr):
            if stream is not None:
                stream.flush()
    except (OSError, ValueError):  # a closed pipe or stream: Python's own exit says so as it always has
        return
    os._exit(code)
