import AdvisorCore
import Foundation

/// Charts as inline SVG, drawn by pure code: no script, font or image outside the page. Colours are
/// Okabe and Ito's palette (distinguishable with every common colour-vision deficiency), and every
/// series also has a pattern or dash and a label, so nothing rests on colour alone. Each chart
/// carries a <title> and a <desc> that says its figures in words.
enum SVGChart {
    struct Style: Equatable {
        var name: String
        var colour: String
        /// A fill pattern id of `patterns`, or nil for a solid fill.
        var pattern: String?
        /// The stroke-dasharray of a line, or nil for a solid line.
        var dash: String?
    }

    // One visual language for every chart and legend: a scope has one colour and pattern (global
    // hatched orange, geographic solid blue, in-Region dotted green); percentiles use another
    // channel, greys from dark to light with their own patterns, so "orange" never means P99.
    static let global = Style(name: "global", colour: "#D55E00", pattern: "hatch", dash: "6 3")
    static let geographic = Style(name: "geographic", colour: "#0072B2", pattern: nil, dash: nil)
    static let inRegion = Style(name: "in-Region", colour: "#009E73", pattern: "dots", dash: "2 2")

    /// The style of a scope, wherever a chart draws it.
    static func style(for scope: Scope) -> Style {
        scope.isGlobal ? global : scope.isInRegion ? inRegion : geographic
    }

    static let tailStyles = [
        Style(name: "P50", colour: "#1B1B1B", pattern: nil, dash: nil),
        Style(name: "P95", colour: "#6E6E6E", pattern: "dots", dash: "2 2"),
        Style(name: "P99", colour: "#B4B4B4", pattern: nil, dash: "1 3"),
    ]
    /// Dashes that tell apart lines of one scope from different source Regions (the colour is the scope's).
    static let sourceDashes: [String?] = [nil, "8 3", "2 2", "8 2 2 2", "1 3", "10 4"]

    struct Series {
        var style: Style
        /// One value per group; nil where the route has no such figure.
        var values: [Double?]
    }

    static let width = 760.0, height = 340.0
    /// The most steps a CDF line draws (its SVG stays small whatever the sample count).
    static let maximumSteps = 400
    /// Room right of a CDF for its line labels ("ap-southeast-1 · global" fits).
    static let legendWidth = 190.0
    static let left = 70.0, right = 20.0, top = 44.0, bottom = 64.0

    // MARK: Bars

    /// Bars side by side within each group (a source region, a route), one colour and pattern per series.
    static func bars(
        id: String, title: String, description: String, groups: [String], series: [Series],
        yLabel: String, logScale: Bool = false
    ) -> String {
        let values = series.flatMap(\.values).compactMap { $0 }.filter { $0 > 0 }
        let axis = Axis(values: values, log: logScale, from: top, to: height - bottom)
        var body: [String] = []
        body += axis.grid(left: left, right: width - right, label: yLabel)
        let slot = (width - left - right) / Double(max(groups.count, 1))
        let barWidth = min(40, slot * 0.8 / Double(max(series.count, 1)))
        for (g, group) in groups.enumerated() {
            let start = left + slot * Double(g) + (slot - barWidth * Double(series.count)) / 2
            for (s, one) in series.enumerated() {
                let x = start + barWidth * Double(s)
                guard g < one.values.count, let value = one.values[g], value > 0 else {
                    body.append(
                        #"<text x="\#(f(x + barWidth / 2))" y="\#(f(height - bottom - 4))" class="na" text-anchor="middle">n/a</text>"#)
                    continue
                }
                let y = axis.position(value)
                let fill = one.style.pattern.map { "url(#\(id)-\($0)-\(one.style.name.lowercased()))" } ?? one.style.colour
                body.append(
                    #"<rect x="\#(f(x + 1))" y="\#(f(y))" width="\#(f(barWidth - 2))" height="\#(f(height - bottom - y))" fill="\#(fill)" stroke="\#(one.style.colour)"><title>\#(esc(group)) · \#(esc(one.style.name)): \#(ms(value)) ms</title></rect>"#
                )
                body.append(#"<text x="\#(f(x + barWidth / 2))" y="\#(f(y - 3))" class="value" text-anchor="middle">\#(ms(value))</text>"#)
            }
            body.append(
                #"<text x="\#(f(left + slot * (Double(g) + 0.5)))" y="\#(f(height - bottom + 16))" class="tick" text-anchor="middle">\#(esc(group))</text>"#
            )
        }
        body += legend(series.map(\.style), id: id)
        return svg(id: id, title: title, description: description, defs: patterns(series.map(\.style), id: id), body: body)
    }

    // MARK: Empirical CDF

    struct Line {
        var label: String
        /// Sorted ascending.
        var values: [Double]
        /// The route's scope (its colour) and source Region (its dash).
        var scope: Scope = .geography("eu")
        var source: String = ""
    }

    /// One step line per route: the share of calls at or below each latency.
    static func cdf(id: String, title: String, description: String, lines: [Line], xLabel: String) -> String {
        let values = lines.flatMap(\.values).filter { $0 > 0 }
        let log = (values.max() ?? 1) / max(values.min() ?? 1, 1e-9) > 20
        let axis = Axis(values: values, log: log, from: left, to: width - right - legendWidth, horizontal: true)
        var body = axis.grid(top: top, bottom: height - bottom, label: xLabel)
        for fraction in stride(from: 0.0, through: 1.0, by: 0.25) {
            let y = (height - bottom) - fraction * (height - bottom - top)
            body.append(#"<line x1="\#(f(left))" x2="\#(f(width - right - legendWidth))" y1="\#(f(y))" y2="\#(f(y))" class="grid"/>"#)
            body.append(#"<text x="\#(f(left - 6))" y="\#(f(y + 4))" class="tick" text-anchor="end">\#(Int(fraction * 100))%</text>"#)
        }
        body.append(
            #"<text transform="translate(16 \#(f((top + height - bottom) / 2))) rotate(-90)" class="label" text-anchor="middle">share of calls at or below</text>"#
        )
        var sources: [String] = []
        for line in lines where !sources.contains(line.source) { sources.append(line.source) }
        for (index, line) in lines.enumerated() where !line.values.isEmpty {
            var style = style(for: line.scope)
            style.dash = sourceDashes[(sources.firstIndex(of: line.source) ?? 0) % sourceDashes.count]
            let n = Double(line.values.count)
            var points = [(axis.position(max(line.values[0], axis.minimum)), height - bottom)]
            // At most `maximumSteps` steps: a million calls would otherwise write two million points,
            // far below a pixel apart. The steps kept are evenly spaced ranks, the last always.
            let count = line.values.count
            let ranks =
                count <= Self.maximumSteps
                ? Array(0..<count)
                : (0..<Self.maximumSteps).map { $0 * (count - 1) / (Self.maximumSteps - 1) }
            var previous = -1
            for rank in ranks {
                let x = axis.position(max(line.values[rank], axis.minimum))
                let before = (height - bottom) - Double(previous + 1) / n * (height - bottom - top)
                let after = (height - bottom) - Double(rank + 1) / n * (height - bottom - top)
                points.append((x, before))
                points.append((x, after))
                previous = rank
            }
            let path = points.map { "\(f($0.0)),\(f($0.1))" }.joined(separator: " ")
            let dash = style.dash.map { #" stroke-dasharray="\#($0)""# } ?? ""
            body.append(
                #"<polyline points="\#(path)" fill="none" stroke="\#(style.colour)" stroke-width="2"\#(dash)><title>\#(esc(line.label)): \#(line.values.count) calls</title></polyline>"#
            )
            let labelY = top + 14 + Double(index) * 16
            body.append(
                #"<line x1="\#(f(width - right - legendWidth + 8))" x2="\#(f(width - right - legendWidth + 32))" y1="\#(f(labelY - 4))" y2="\#(f(labelY - 4))" stroke="\#(style.colour)" stroke-width="2"\#(dash)/>"#
            )
            body.append(#"<text x="\#(f(width - right - legendWidth + 36))" y="\#(f(labelY))" class="tick">\#(esc(line.label))</text>"#)
        }
        return svg(id: id, title: title, description: description, defs: [], body: body)
    }

    // MARK: Pieces

    static func svg(id: String, title: String, description: String, defs: [String], body: [String]) -> String {
        var out = [
            #"<svg xmlns="http://www.w3.org/2000/svg" id="\#(id)" class="chart" viewBox="0 0 \#(f(width)) \#(f(height))" role="img" aria-labelledby="\#(id)-title \#(id)-desc">"#,
            #"<title id="\#(id)-title">\#(esc(title))</title>"#,
            #"<desc id="\#(id)-desc">\#(esc(description))</desc>"#,
        ]
        if !defs.isEmpty { out += ["<defs>"] + defs + ["</defs>"] }
        out.append(#"<text x="\#(f(left))" y="20" class="heading">\#(esc(title))</text>"#)
        return (out + body + ["</svg>"]).joined(separator: "\n")
    }

    static func patterns(_ styles: [Style], id: String) -> [String] {
        styles.compactMap { style in
            switch style.pattern {
            case "hatch"?:
                return
                    #"<pattern id="\#(id)-hatch-\#(style.name.lowercased())" width="6" height="6" patternUnits="userSpaceOnUse" patternTransform="rotate(45)"><rect width="6" height="6" fill="white"/><rect width="3" height="6" fill="\#(style.colour)"/></pattern>"#
            case "dots"?:
                return
                    #"<pattern id="\#(id)-dots-\#(style.name.lowercased())" width="5" height="5" patternUnits="userSpaceOnUse"><rect width="5" height="5" fill="\#(style.colour)" fill-opacity="0.35"/><circle cx="2.5" cy="2.5" r="1.5" fill="\#(style.colour)"/></pattern>"#
            default:
                return nil
            }
        }
    }

    static func legend(_ styles: [Style], id: String) -> [String] {
        var out: [String] = []
        var x = left
        for style in styles {
            let fill = style.pattern.map { "url(#\(id)-\($0)-\(style.name.lowercased()))" } ?? style.colour
            out.append(#"<rect x="\#(f(x))" y="\#(f(height - 22))" width="14" height="12" fill="\#(fill)" stroke="\#(style.colour)"/>"#)
            out.append(#"<text x="\#(f(x + 19))" y="\#(f(height - 12))" class="tick">\#(esc(style.name))</text>"#)
            x += 30 + Double(style.name.count) * 7
        }
        return out
    }

    /// A value axis, linear from 0 or logarithmic, with round ticks.
    struct Axis {
        var log: Bool
        var minimum: Double
        var maximum: Double
        var from: Double
        var to: Double
        var horizontal: Bool
        var ticks: [Double]

        init(values: [Double], log: Bool, from: Double, to: Double, horizontal: Bool = false) {
            self.log = log && !values.isEmpty
            self.from = from
            self.to = to
            self.horizontal = horizontal
            let high = values.max() ?? 1
            if self.log {
                let low = values.min() ?? 1
                // A decade below the smallest figure when it sits near its decade, so the shortest bar still
                // shows; the top at the next 1-2-5 step above the largest, so a 182 s bar nearly fills the plot.
                var bottom = pow(10, floor(log10(low)))
                if low / bottom < 2 { bottom /= 10 }
                minimum = bottom
                let highDecade = pow(10, floor(log10(high)))
                maximum = [1.0, 2, 5, 10].map { $0 * highDecade }.first { $0 >= high } ?? highDecade * 10
                var found: [Double] = []
                var decade = minimum
                let top = maximum
                let decades = Int((log10(maximum) - log10(minimum)).rounded())
                while decade <= top * 1.0001 {
                    found.append(decade)
                    if decades <= 4 { found += [decade * 2, decade * 5].filter { $0 <= top * 1.0001 } }
                    decade *= 10
                }
                ticks = found.sorted()
            } else {
                let step = Axis.niceStep(high / 5)
                minimum = 0
                maximum = max(step, (high / step).rounded(.up) * step)
                ticks = stride(from: 0.0, through: maximum + step / 2, by: step).map { $0 }
            }
        }

        static func niceStep(_ rough: Double) -> Double {
            guard rough > 0 else { return 1 }
            let magnitude = pow(10, floor(log10(rough)))
            let fraction = rough / magnitude
            return (fraction <= 1 ? 1 : fraction <= 2 ? 2 : fraction <= 5 ? 5 : 10) * magnitude
        }

        /// Where a value falls: y for a vertical axis (larger values higher), x for a horizontal one.
        func position(_ value: Double) -> Double {
            let t: Double
            if log {
                t = (log10(max(value, minimum)) - log10(minimum)) / (log10(maximum) - log10(minimum))
            } else {
                t = maximum == minimum ? 0 : (value - minimum) / (maximum - minimum)
            }
            return horizontal ? from + t * (to - from) : to - t * (to - from)
        }

        /// Grid lines and tick labels of a vertical axis, and its label.
        func grid(left: Double, right: Double, label: String) -> [String] {
            var out: [String] = []
            for tick in ticks {
                let y = position(tick)
                out.append(#"<line x1="\#(f(left))" x2="\#(f(right))" y1="\#(f(y))" y2="\#(f(y))" class="grid"/>"#)
                out.append(#"<text x="\#(f(left - 6))" y="\#(f(y + 4))" class="tick" text-anchor="end">\#(tickText(tick))</text>"#)
            }
            out.append(#"<line x1="\#(f(left))" x2="\#(f(right))" y1="\#(f(to))" y2="\#(f(to))" class="axis"/>"#)
            out.append(
                #"<text transform="translate(16 \#(f((from + to) / 2))) rotate(-90)" class="label" text-anchor="middle">\#(esc(axisLabel(label)))</text>"#
            )
            return out
        }

        func axisLabel(_ label: String) -> String {
            log ? label.replacingOccurrences(of: " (ms)", with: "") + " (log scale)" : label
        }

        /// Grid lines and tick labels of a horizontal axis, and its label.
        func grid(top: Double, bottom: Double, label: String) -> [String] {
            var out: [String] = []
            for tick in ticks {
                let x = position(tick)
                out.append(#"<line x1="\#(f(x))" x2="\#(f(x))" y1="\#(f(top))" y2="\#(f(bottom))" class="grid"/>"#)
                out.append(#"<text x="\#(f(x))" y="\#(f(bottom + 16))" class="tick" text-anchor="middle">\#(tickText(tick))</text>"#)
            }
            out.append(#"<line x1="\#(f(from))" x2="\#(f(to))" y1="\#(f(bottom))" y2="\#(f(bottom))" class="axis"/>"#)
            out.append(
                #"<text x="\#(f((from + to) / 2))" y="\#(f(bottom + 36))" class="label" text-anchor="middle">\#(esc(axisLabel(label)))</text>"#
            )
            return out
        }

        /// Milliseconds on a linear axis; on a log axis each tick carries its unit, whole seconds from
        /// 1 s up (so 182 s reads as such), and the axis label drops its "(ms)".
        func tickText(_ value: Double) -> String {
            guard log else { return ms(value) }
            if value >= 1000, (value / 1000).rounded() == value / 1000 { return "\(Int(value / 1000)) s" }
            return "\(ms(value)) ms"
        }
    }

    /// A coordinate to one decimal: stable output for the golden files.
    static func f(_ value: Double) -> String { ms(value) }

    static func esc(_ text: String) -> String { XMLText.escape(text) }
}
