/// The operations that leave the pixels of the camera original alone: recompression and metadata edits.
extension CaseRenderer {
    /// Recompression: the camera original (compressed at Q1) saved again at Q2. `aligned` keeps the grid;
    /// `nonaligned` first crops (dx, dy) ∈ [1…7]² pixels off the top and left, so the second grid is shifted.
    /// The control is the never-compressed tile through the same crop and the same Q2 save: a photo saved once,
    /// which is what a recompression detector must tell apart from one saved twice.
    func recompress(_ rendered: inout RenderedCase, tile: HostTile, random: inout SeededRandom) {
        var control = tile.image
        if rendered.plan.variant == "nonaligned" {
            let dx = random.int(in: 1...7), dy = random.int(in: 1...7)
            rendered.target = rendered.target.cropped(
                x: dx, y: dy, width: rendered.target.width - dx, height: rendered.target.height - dy)
            control = control.cropped(x: dx, y: dy, width: control.width - dx, height: control.height - dy)
            rendered.aligned = "N"
            rendered.parameters = ["crop=\(dx),\(dy)"]
        } else {
            rendered.aligned = "Y"
            rendered.parameters = ["crop=0,0"]
        }
        rendered.control = control
    }

    /// Metadata edits; the pixels of target and control are identical. `software` names an editor in the EXIF
    /// Software tag; `datetime` sets DateTime days after DateTimeOriginal; `dimensions` and `thumbnail` crop both
    /// probes to the left or right 50–70 % of the width (offset a multiple of 8), and the target keeps the
    /// uncropped EXIF pixel dimensions or the uncropped camera thumbnail respectively, while the control's EXIF
    /// describes the crop. The crop is off-centre because a centred crop of a stale thumbnail looks like a
    /// letterboxed thumbnail of the right picture, which cameras write and metadata checks accept.
    func editMetadata(_ rendered: inout RenderedCase, random: inout SeededRandom) {
        switch rendered.plan.variant {
        case "software":
            let editor = random.element(of: CameraMetadata.editors)
            rendered.targetMetadata.software = editor
            rendered.parameters = ["software=\(editor)"]
        case "datetime":
            let days = random.int(in: 1...400)
            let original = rendered.targetMetadata.dateTimeOriginal
            rendered.targetMetadata.dateTime = CameraMetadata.later(original, days: days)
            rendered.parameters = ["modifiedAfterDays=\(days)"]
        default:
            let full = rendered.target
            let width = max(Int(Double(full.width) * random.double(in: 0.5...0.7)) / 16 * 16, 16)
            let left = random.chance(0.5) ? 0 : (full.width - width) / 8 * 8
            let cropped = full.cropped(x: left, y: 0, width: width, height: full.height)
            rendered.target = cropped
            rendered.control = cropped
            if rendered.plan.variant == "dimensions" {
                rendered.targetMetadata.claimedSize = (full.width, full.height)
            } else {
                rendered.targetMetadata.thumbnailSource = full
            }
            rendered.parameters = [
                "crop=\(width)x\(full.height)+\(left)+0", "uncropped=\(full.width)x\(full.height)",
            ]
        }
    }
}
