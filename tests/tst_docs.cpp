// The documentation against the program it documents. For the dashboard and every subcommand that
// `trackboard --help` lists, the options its own --help prints must be exactly the options listed
// under it in docs/configuration.md and in the man page packaging/trackboard.1: an option added to
// the parser and not documented fails, and so does a documented option the parser no longer has.
// Also: the fraud thresholds' documented defaults are the ones `fraud --print-config` prints,
// --version prints the CMake project version and the commit the binary was built from, and every
// relative link in the README and docs/ leads to a file that exists.
#include <QDir>
#include <QDirIterator>
#include <QFile>
#include <QProcess>
#include <QRegularExpression>
#include <QSet>
#include <QtTest>

#include <algorithm>

namespace {

constexpr int kTimeoutMs = 30'000;

QString sourceDir() {
    return qEnvironmentVariable("TRACKBOARD_SOURCE_DIR");
}

QString readText(const QString &relativePath) {
    QFile file(sourceDir() + QLatin1Char('/') + relativePath);
    if (!file.open(QIODevice::ReadOnly)) {
        qWarning("cannot read %s", qPrintable(file.fileName()));
        return {};
    }
    return QString::fromUtf8(file.readAll());
}

// stdout of `trackboard args...`; empty (with a warning) when it fails.
QString trackboardOutput(const QStringList &args) {
    QProcess process;
    process.start(qEnvironmentVariable("TRACKBOARD_BIN"), args);
    process.closeWriteChannel();
    if (!process.waitForFinished(kTimeoutMs) || process.exitStatus() != QProcess::NormalExit ||
        process.exitCode() != 0) {
        qWarning("trackboard %s failed: %s", qPrintable(args.join(QLatin1Char(' '))),
                 process.readAllStandardError().constData());
        process.kill();
        process.waitForFinished();
        return {};
    }
    return QString::fromUtf8(process.readAllStandardOutput());
}

QStringList helpArgs(const QString &command) {
    return command.isEmpty() ? QStringList{QStringLiteral("--help")}
                             : QStringList{command, QStringLiteral("--help")};
}

// The lines of `text` from the first line `startsSection` accepts up to, not including, the next
// line `endsSection` accepts. Empty when no line starts a section.
template <typename Start, typename End>
QStringList sectionLines(const QString &text, Start startsSection, End endsSection) {
    QStringList result;
    bool inside = false;
    for (const QString &line : text.split(QLatin1Char('\n'))) {
        if (inside && endsSection(line)) {
            break;
        }
        if (inside) {
            result.append(line);
        } else if (startsSection(line)) {
            inside = true;
            result.append(line);
        }
    }
    return result;
}

// Subcommand names from the "Subcommands" block of `trackboard --help`.
QStringList subcommands(const QString &help) {
    static const QRegularExpression entry(QStringLiteral("^  ([a-z]+)\\s{2,}\\S"));
    const QStringList block = sectionLines(
        help, [](const QString &l) { return l.contains(QLatin1String("Subcommands")); },
        [](const QString &l) { return l.trimmed().isEmpty(); });
    QStringList names;
    for (const QString &line : block) {
        if (const auto match = entry.match(line); match.hasMatch()) {
            names.append(match.captured(1));
        }
    }
    return names;
}

// Qt's own --help and --help-all are documented once for all commands, not per command.
bool isBuiltinHelp(const QString &option) {
    return option == QLatin1String("-h") || option == QLatin1String("--help") ||
           option == QLatin1String("--help-all");
}

QSet<QString> optionNames(const QString &text) {
    static const QRegularExpression name(QStringLiteral("(?:^|[\\s,(])(-{1,2}[A-Za-z][\\w-]*)"));
    QSet<QString> names;
    for (auto it = name.globalMatch(text); it.hasNext();) {
        if (const QString option = it.next().captured(1); !isBuiltinHelp(option)) {
            names.insert(option);
        }
    }
    return names;
}

// The options QCommandLineParser prints: option lines are indented by exactly two spaces, while
// wrapped descriptions are indented further.
QSet<QString> parserOptions(const QString &help) {
    const QStringList block = sectionLines(
        help, [](const QString &l) { return l == QLatin1String("Options:"); },
        [](const QString &l) { return l.trimmed().isEmpty(); });
    QSet<QString> names;
    for (const QString &line : block) {
        if (line.startsWith(QLatin1String("  -"))) {
            names += optionNames(line.section(QLatin1String("  "), 1, 1));
        }
    }
    return names;
}

// docs/configuration.md: the section is the `## ` heading naming `trackboard` or
// `trackboard COMMAND` in code; its options are the code spans in the first cell of its table rows.
QSet<QString> markdownOptions(const QString &markdown, const QString &command, bool *found) {
    const QString title = command.isEmpty() ? QStringLiteral("`trackboard`")
                                            : QStringLiteral("`trackboard %1").arg(command);
    const QStringList section = sectionLines(
        markdown,
        [&](const QString &l) {
            return l.startsWith(QLatin1String("## ")) &&
                   (l.contains(title + QLatin1Char(' ')) || l.contains(title + QLatin1Char('`')) ||
                    (command.isEmpty() && l.contains(title)));
        },
        [](const QString &l) { return l.startsWith(QLatin1String("## ")); });
    *found = !section.isEmpty();
    static const QRegularExpression codeSpan(QStringLiteral("`([^`]*)`"));
    QSet<QString> names;
    for (const QString &line : section) {
        if (!line.startsWith(QLatin1String("| "))) {
            continue;
        }
        // An escaped pipe (`wall\|virtual`) belongs to the cell, not between cells.
        const QString firstCell = QString(line)
                                      .replace(QLatin1String("\\|"), QLatin1String("/"))
                                      .section(QLatin1Char('|'), 1, 1);
        for (auto it = codeSpan.globalMatch(firstCell); it.hasNext();) {
            const QString span = it.next().captured(1);
            if (span.startsWith(QLatin1Char('-'))) {
                names += optionNames(span);
            }
        }
    }
    return names;
}

// Roff with font changes and escaped hyphens taken out: `\fB\-\-rate\fR` becomes `--rate`.
QString plainRoff(QString line) {
    static const QRegularExpression font(QStringLiteral("\\\\f(?:[BIRP]|\\[[A-Z]*\\])"));
    line.remove(font);
    line.replace(QLatin1String("\\-"), QLatin1String("-"));
    line.remove(QLatin1Char('"'));
    return line;
}

// packaging/trackboard.1: the dashboard's options are under `.SH OPTIONS`, a subcommand's under
// `.SS trackboard COMMAND`; options are the tags of its `.TP` paragraphs (the line after `.TP`).
QSet<QString> manOptions(const QString &man, const QString &command, bool *found) {
    const QStringList section = sectionLines(
        man,
        [&](const QString &l) {
            if (command.isEmpty()) {
                return l == QLatin1String(".SH OPTIONS");
            }
            const QString plain = plainRoff(l);
            return plain.startsWith(QLatin1String(".SS trackboard ")) &&
                   plain.section(QLatin1Char(' '), 2, 2) == command;
        },
        [](const QString &l) {
            return l.startsWith(QLatin1String(".SH")) || l.startsWith(QLatin1String(".SS"));
        });
    *found = !section.isEmpty();
    QSet<QString> names;
    for (qsizetype i = 0; i + 1 < section.size(); ++i) {
        if (section.at(i).startsWith(QLatin1String(".TP"))) {
            names += optionNames(plainRoff(section.at(i + 1)));
        }
    }
    return names;
}

QByteArray describeDifference(const QSet<QString> &parser, const QSet<QString> &documented) {
    QStringList undocumented = (parser - documented).values();
    QStringList unknown = (documented - parser).values();
    undocumented.sort();
    unknown.sort();
    return ("in --help but not documented: [" + undocumented.join(QLatin1String(", ")) +
            "]; documented but not in --help: [" + unknown.join(QLatin1String(", ")) + "]")
        .toUtf8();
}

} // namespace

class TestDocs : public QObject {
    Q_OBJECT

private slots:
    void initTestCase();
    void everyCommandIsListed();
    void optionsMatchDocs_data();
    void optionsMatchDocs();
    void thresholdDefaultsMatch();
    void versionNamesProjectVersionAndCommit();
    void relativeLinksResolve();

private:
    QStringList commands_; // "" is the dashboard
};

void TestDocs::initTestCase() {
    QVERIFY2(QFileInfo(qEnvironmentVariable("TRACKBOARD_BIN")).isExecutable(),
             "TRACKBOARD_BIN must name the built trackboard executable (ctest sets it)");
    QVERIFY2(QFileInfo::exists(sourceDir() + QStringLiteral("/docs/configuration.md")),
             "TRACKBOARD_SOURCE_DIR must name the source tree (ctest sets it)");
    commands_ = QStringList{QString()} + subcommands(trackboardOutput(helpArgs({})));
}

void TestDocs::everyCommandIsListed() {
    // The parse above found the subcommands at all, so the per-command rows below are not vacuous.
    QVERIFY2(commands_.size() >= 9, qPrintable(commands_.join(QLatin1Char(','))));
    for (const char *known : {"broker", "produce", "analytics", "fraud", "demo", "snapshot"}) {
        QVERIFY2(commands_.contains(QLatin1String(known)), known);
    }
}

void TestDocs::optionsMatchDocs_data() {
    QTest::addColumn<QString>("command");
    QTest::addColumn<QString>("document");
    for (const QString &command : std::as_const(commands_)) {
        const QByteArray name = command.isEmpty() ? "dashboard" : command.toUtf8();
        QTest::newRow(name + " in configuration.md") << command << "docs/configuration.md";
        QTest::newRow(name + " in trackboard.1") << command << "packaging/trackboard.1";
    }
}

void TestDocs::optionsMatchDocs() {
    QFETCH(QString, command);
    QFETCH(QString, document);
    const QSet<QString> parser = parserOptions(trackboardOutput(helpArgs(command)));
    QVERIFY2(parser.size() >= 2, "no options parsed from --help");
    bool found = false;
    const QString text = readText(document);
    const QSet<QString> documented = document.endsWith(QLatin1String(".md"))
                                         ? markdownOptions(text, command, &found)
                                         : manOptions(text, command, &found);
    QVERIFY2(found, qPrintable(QStringLiteral("no section for '%1'").arg(command)));
    QVERIFY2(parser == documented, describeDifference(parser, documented).constData());
}

void TestDocs::thresholdDefaultsMatch() {
    // Every key of the thresholds file, with its default, as a row of the reference's table.
    const QString config =
        trackboardOutput({QStringLiteral("fraud"), QStringLiteral("--print-config")});
    const QString reference = readText(QStringLiteral("docs/configuration.md"));
    int keys = 0;
    for (const QString &line : config.split(QLatin1Char('\n'))) {
        if (line.isEmpty() || line.startsWith(QLatin1Char('#'))) {
            continue;
        }
        const QString key = line.section(QLatin1Char('='), 0, 0).trimmed();
        const QString value = line.section(QLatin1Char('='), 1).trimmed();
        const QString row = QStringLiteral("| `%1` | `%2` |").arg(key, value);
        QVERIFY2(reference.contains(row),
                 qPrintable(row + QStringLiteral(" not in configuration.md")));
        ++keys;
    }
    QVERIFY2(keys >= 30, qPrintable(config));
}

void TestDocs::versionNamesProjectVersionAndCommit() {
    const QString out = trackboardOutput({QStringLiteral("--version")}).trimmed();
    static const QRegularExpression form(
        QStringLiteral("^trackboard (\\d+\\.\\d+\\.\\d+) \\(([0-9a-f]{7,40}|unknown)\\)$"));
    const auto match = form.match(out);
    QVERIFY2(match.hasMatch(), qPrintable(out));
    QCOMPARE(match.captured(1), QStringLiteral(TRACKBOARD_EXPECTED_VERSION));

    QProcess git;
    git.start(QStringLiteral("git"), {QStringLiteral("-C"), sourceDir(),
                                      QStringLiteral("rev-parse"), QStringLiteral("HEAD")});
    const bool haveGit = git.waitForFinished(kTimeoutMs) &&
                         git.exitStatus() == QProcess::NormalExit && git.exitCode() == 0;
    if (!haveGit) {
        QCOMPARE(match.captured(2), QStringLiteral("unknown")); // built outside a git checkout
        return;
    }
    const QString head = QString::fromLatin1(git.readAllStandardOutput()).trimmed();
    QVERIFY2(head.startsWith(match.captured(2)),
             qPrintable(QStringLiteral("--version says %1, HEAD is %2").arg(out, head)));
}

void TestDocs::relativeLinksResolve() {
    // [text](target) with a target that is not a URL or an anchor in the same page.
    static const QRegularExpression link(QStringLiteral("\\]\\(([^)#\\s]+)(?:#[^)]*)?\\)"));
    QStringList pages{QStringLiteral("README.md")};
    for (QDirIterator it(sourceDir() + QStringLiteral("/docs"), {QStringLiteral("*.md")});
         it.hasNext();) {
        pages.append(QStringLiteral("docs/") + QFileInfo(it.next()).fileName());
    }
    int checked = 0;
    for (const QString &page : std::as_const(pages)) {
        const QDir base(QFileInfo(sourceDir() + QLatin1Char('/') + page).absolutePath());
        for (auto it = link.globalMatch(readText(page)); it.hasNext();) {
            const QString target = it.next().captured(1);
            if (target.contains(QLatin1String("://")) ||
                target.startsWith(QLatin1String("mailto:"))) {
                continue;
            }
            QVERIFY2(QFileInfo::exists(base.filePath(target)),
                     qPrintable(page + QStringLiteral(" links to missing ") + target));
            ++checked;
        }
    }
    QVERIFY(checked > 10);
    // Every page in docs/ is reachable from the README.
    const QString readme = readText(QStringLiteral("README.md"));
    for (const QString &page : std::as_const(pages)) {
        if (page != QLatin1String("README.md")) {
            QVERIFY2(readme.contains(QStringLiteral("](") + page), qPrintable(page));
        }
    }
}

QTEST_GUILESS_MAIN(TestDocs)
#include "tst_docs.moc"
