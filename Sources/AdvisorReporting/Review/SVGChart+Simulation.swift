import AdvisorCore
import Foundation

extension SVGChart {
    /// Attempts a quota admitted (solid grey) and refused (hatched reddish purple), stacked minute by
    /// minute, with the quota's requests a minute as a dashed line where it has one: what the
    /// services' retry settings did to it in the simulation.
    static let admitted = Style(name: "admitted", colour: "#6E6E6E", pattern: nil, dash: nil)
    static let throttled = Style(name: "throttled", colour: "#CC79A7", pattern: "hatch", dash: nil)

    static func minutes(id: String, title: String, description: String, minutes: [QuotaSimulation.Minute], rpm: Double?) -> String {
        let totals = minutes.map { Double($0.admitted + $0.throttled) }
        let axis = Axis(values: totals + [rpm ?? 0, 1], log: false, from: top, to: height - bottom)
        var body = axis.grid(left: left, right: width - right, label: "attempts a minute")
        let slot = (width - left - right) / Double(max(minutes.count, 1))
        let barWidth = max(1, slot * 0.8)
        // A tick label every 1, 2, 5, 10 … minutes: at most a dozen along the axis.
        let every = Int(Axis.niceStep(Double(minutes.count) / 12).rounded(.up))
        for (index, minute) in minutes.enumerated() {
            let x = left + slot * Double(index) + (slot - barWidth) / 2
            let base = height - bottom
            let admittedTop = axis.position(Double(minute.admitted))
            let throttledTop = axis.position(Double(minute.admitted + minute.throttled))
            let label = "minute \(index): \(minute.admitted) admitted, \(minute.throttled) throttled"
            if minute.admitted > 0 {
                body.append(
                    #"<rect x="\#(f(x))" y="\#(f(admittedTop))" width="\#(f(barWidth))" height="\#(f(base - admittedTop))" fill="\#(admitted.colour)"><title>\#(esc(label))</title></rect>"#
                )
            }
            if minute.throttled > 0 {
                body.append(
                    #"<rect x="\#(f(x))" y="\#(f(throttledTop))" width="\#(f(barWidth))" height="\#(f(admittedTop - throttledTop))" fill="url(#\#(id)-hatch-throttled)" stroke="\#(throttled.colour)"><title>\#(esc(label))</title></rect>"#
                )
            }
            if index % max(every, 1) == 0 {
                body.append(
                    #"<text x="\#(f(x + barWidth / 2))" y="\#(f(base + 16))" class="tick" text-anchor="middle">\#(index)</text>"#)
            }
        }
        body.append(
            #"<text x="\#(f((left + width - right) / 2))" y="\#(f(height - bottom + 34))" class="label" text-anchor="middle">minute of the simulation</text>"#
        )
        body += legend([admitted, throttled], id: id)
        if let rpm {
            // The line, and its key beside the bars' (a label on the line would sit on a bar).
            let y = axis.position(rpm), keyX = left + 200
            let line = { (x1: Double, x2: Double, y: Double) in
                ##"<line x1="\##(f(x1))" x2="\##(f(x2))" y1="\##(f(y))" y2="\##(f(y))" stroke="#1B1B1B" stroke-width="1.5" stroke-dasharray="6 3"/>"##
            }
            body.append(line(left, width - right, y))
            body.append(line(keyX, keyX + 24, height - 16))
            body.append(
                #"<text x="\#(f(keyX + 30))" y="\#(f(height - 12))" class="tick">quota: \#(ms(rpm)) requests a minute</text>"#)
        }
        return svg(id: id, title: title, description: description, defs: patterns([throttled], id: id), body: body)
    }
}
