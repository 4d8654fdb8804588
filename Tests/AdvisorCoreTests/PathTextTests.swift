import AdvisorCore
import Testing

/// PathText against POSIX dirname/basename (the cases Foundation's NSString trapped on included).
struct PathTextTests {
    @Test(arguments: [
        ("a", "", "a"), ("a/", "", "a"), ("/a", "/", "a"), ("/", "/", "/"), ("a/b", "a", "b"), ("a//b", "a", "b"),
        ("a/b/", "a", "b"), ("/x/y/advisor.sqlite", "/x/y", "advisor.sqlite"), ("./s", ".", "s"), ("", "", ""),
    ])
    func directoryAndName(path: String, directory: String, name: String) {
        #expect(PathText.directory(of: path) == directory)
        #expect(PathText.name(of: path) == name)
    }

    @Test func join() {
        #expect(PathText.join("", "f") == "f")
        #expect(PathText.join("/", "f") == "/f")
        #expect(PathText.join("d", "f") == "d/f")
        #expect(PathText.join("d/", "f") == "d/f")
    }

    @Test func normalizedDropsDotSegmentsAndAppliesParents() {
        #expect(PathText.normalized("./modules/assistant") == "modules/assistant")
        #expect(PathText.normalized("modules/../shared//x/.") == "shared/x")
        #expect(PathText.normalized("../up") == "../up")
        #expect(PathText.normalized("/a/./b/../c") == "/a/c")
        #expect(PathText.normalized(".") == "")
    }
}
