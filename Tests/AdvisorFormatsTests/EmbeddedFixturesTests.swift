import AdvisorFormats
import AdvisorTestSupport
import Foundation
import Testing

struct EmbeddedFixturesTests {
    @Test("The embedded data matches Data/ and Rules/ (else run scripts/dev/embed-fixtures.py)")
    func embeddedDataIsCurrent() throws {
        var onDisk: [String: String] = [:]
        for directory in ["Data/catalogue", "Data/datasets", "Rules"] {
            let base = Repo.file(directory)
            guard let walker = FileManager.default.enumerator(at: base, includingPropertiesForKeys: nil) else { continue }
            for case let url as URL in walker where !url.hasDirectoryPath && !url.lastPathComponent.hasPrefix(".") {
                let relative = directory + url.path.dropFirst(base.path.count)
                onDisk[relative] = try String(contentsOf: url, encoding: .utf8)
            }
        }
        #expect(Set(onDisk.keys) == Set(EmbeddedFixtures.files.keys))
        for (name, text) in onDisk {
            #expect(EmbeddedFixtures.files[name] == text, "\(name) changed since it was embedded")
        }
    }
}
