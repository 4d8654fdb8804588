import AdvisorCore
import AdvisorFormats
import Testing

struct SummaryReaderTests {
    static let header = "source_region,profile,metric,statistic,value_ms,n\n"

    func error(_ text: String) -> FormatError? {
        do {
            _ = try SummaryReader.read(text, file: "data.csv")
            return nil
        } catch {
            return error
        }
    }

    @Test func readsMetadataAndRows() throws {
        let text =
            "# dataset: lab\n# measured: 2026-04-12\n" + Self.header
            + "eu-central-1,eu.m,total,p50,2473,30\neu-central-1,eu.m,ttfb,p50,766.5,\n"
        let summary = try SummaryReader.read(text, file: "data.csv")
        #expect(summary.name == "lab")
        #expect(summary.measured == "2026-04-12")
        #expect(summary.rows.map(\.line) == [4, 5])
        let dataset = summary.dataset(named: "lab")
        let stats = try #require(dataset.stats(source: "eu-central-1", profile: "eu.m"))
        #expect(stats.value(.total, .p50) == 2473)
        #expect(stats.value(.ttfb, .p50) == 766.5)
        #expect(stats.n == 30)
    }

    static let badInputCases: [(String, String)] = [
        ("", "data.csv:1: has no header row; expected source_region,profile,metric,statistic,value_ms,n"),
        ("source_region,profile,metric,statistic\n", "data.csv:1: value_ms: missing required column"),
        ("source_region,profile,metric,statistc,value_ms\n", "data.csv:1: statistc: unknown column (did you mean 'statistic'?)"),
        (header + "eu-central-1,eu.m,total,p50,fast,30\n", "data.csv:2: value_ms: 'fast' is not a non-negative number of milliseconds"),
        (header + "eu-central-1,eu.m,total,p50,-4,30\n", "data.csv:2: value_ms: '-4' is not a non-negative number of milliseconds"),
        (header + "eu-central-1,eu.m,total,p50,nan,30\n", "data.csv:2: value_ms: 'nan' is not a non-negative number of milliseconds"),
        (header + "eu-central-1,eu.m,latency,p50,1,30\n", "data.csv:2: metric: 'latency' is not ttfb or total"),
        (header + "eu-central-1,eu.m,total,p42,1,30\n", "data.csv:2: statistic: 'p42' is not one of p50, p90, p95, p99, max, mean"),
        (header + "eu-central-1,eu.m,total,p50,1,0\n", "data.csv:2: n: '0' is not a whole number from 1 to 10^12"),
        (header + "eu-central-1,eu.m,total,p50,1\n", "data.csv:2: has 5 fields; the header has 6"),
        (
            header + "eu-central-1,eu.m,total,p50,1,30\neu-central-1,eu.m,total,p50,2,30\n",
            "data.csv:3: repeats total p50 for eu.m from eu-central-1 (first on line 2)"
        ),
        (header, "data.csv:1: has a header but no rows"),
        (header + "eu-central-1,\"eu.m,total,p50,1,30\n", "data.csv:2: field 2: quoted field is not closed before the end of the file"),
    ]

    @Test("Bad input names the file, the line and the field", arguments: badInputCases)
    func badInput(text: String, message: String) {
        #expect(error(text)?.description == message)
    }

    @Test func unknownRegionsAreCaughtAgainstTheCatalogue() throws {
        let summary = try SummaryReader.read(
            Self.header + "eu-central-1,eu.m,total,p50,1,30\neu-centrl-2,eu.m,total,p50,1,30\n",
            file: "data.csv")
        let catalogue = try BuiltinData.catalogue()
        #expect(
            throws: FormatError(
                file: "data.csv", line: 3, field: "source_region",
                message: "unknown region 'eu-centrl-2' (did you mean 'eu-central-2'?)")
        ) {
            try SummaryReader.validate(summary, against: catalogue, file: "data.csv")
        }
    }

    @Test func csvQuotingAndLineNumbers() throws {
        let text = "a,b\r\n\"x, \"\"y\"\"\",\"two\nlines\"\n\nlast,1"
        let records = try CSVParser.parse(text, file: "t.csv")
        #expect(
            records == [
                CSVRecord(line: 1, fields: ["a", "b"]),
                CSVRecord(line: 2, fields: ["x, \"y\"", "two\nlines"]),
                CSVRecord(line: 5, fields: ["last", "1"]),
            ])
    }
}
