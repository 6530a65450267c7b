"""Fixed vocabularies: places of Đồng Tháp, fake people, laws, offices.

Everything here is fake but realistic. Names are combinations of common
Vietnamese family, middle and given names; ID numbers are random digits.
"""

from __future__ import annotations

# The 12 district-level units of Đồng Tháp (2020), canonical spelling, with
# a few communes each (used for addresses and meeting venues).
DISTRICTS: dict[str, list[str]] = {
    "Thành phố Cao Lãnh": ["Phường 1", "Phường Mỹ Phú", "Xã Mỹ Tân", "Xã Tịnh Thới"],
    "Thành phố Sa Đéc": ["Phường 1", "Phường An Hòa", "Xã Tân Khánh Đông", "Xã Tân Quy Tây"],
    "Thành phố Hồng Ngự": ["Phường An Thạnh", "Phường An Lộc", "Xã Tân Hội", "Xã Bình Thạnh"],
    "Huyện Hồng Ngự": ["Xã Thường Thới Tiền", "Xã Long Khánh A", "Xã Phú Thuận B", "Thị trấn Thường Thới Tiền"],
    "Huyện Tân Hồng": ["Thị trấn Sa Rài", "Xã Tân Hộ Cơ", "Xã Thông Bình", "Xã An Phước"],
    "Huyện Tam Nông": ["Thị trấn Tràm Chim", "Xã Phú Cường", "Xã An Long", "Xã Phú Thọ"],
    "Huyện Thanh Bình": ["Thị trấn Thanh Bình", "Xã Tân Long", "Xã Bình Thành", "Xã Tân Quới"],
    "Huyện Tháp Mười": ["Thị trấn Mỹ An", "Xã Trường Xuân", "Xã Phú Điền", "Xã Mỹ Quí"],
    "Huyện Cao Lãnh": ["Thị trấn Mỹ Thọ", "Xã Mỹ Hiệp", "Xã Mỹ Long", "Xã Bình Hàng Trung"],
    "Huyện Lấp Vò": ["Thị trấn Lấp Vò", "Xã Bình Thạnh Trung", "Xã Mỹ An Hưng A", "Xã Tân Mỹ"],
    "Huyện Lai Vung": ["Thị trấn Lai Vung", "Xã Tân Thành", "Xã Long Hậu", "Xã Định Hòa"],
    "Huyện Châu Thành": ["Thị trấn Cái Tàu Hạ", "Xã An Hiệp", "Xã Tân Nhuận Đông", "Xã An Khánh"],
}
HAMLETS = ["Ấp 1", "Ấp 2", "Ấp 3", "Ấp Tân Lợi", "Ấp Phú Long", "Ấp Hòa Định", "Ấp An Phú", "Khóm 2", "Khóm Mỹ Thuận"]

FAMILY = ["Nguyễn", "Trần", "Lê", "Phạm", "Huỳnh", "Võ", "Phan", "Trương", "Đặng", "Bùi", "Đỗ", "Ngô", "Dương", "Lý", "Hồ", "Lâm"]
MIDDLE_M = ["Văn", "Hữu", "Minh", "Thanh", "Hoàng", "Công", "Quốc", "Đức"]
MIDDLE_F = ["Thị", "Ngọc", "Thị Kim", "Thị Thu", "Thanh", "Thị Mỹ"]
GIVEN_M = ["An", "Bình", "Cường", "Dũng", "Hải", "Hùng", "Long", "Nam", "Phúc", "Sơn", "Tâm", "Thành", "Trung", "Tuấn", "Khải", "Lộc", "Nghĩa", "Tài"]
GIVEN_F = ["Bích", "Hà", "Hạnh", "Hòa", "Lan", "Liên", "Mai", "Nga", "Phương", "Thảo", "Vân", "Xuân", "Yến", "Trinh", "Diễm", "Nhung"]

FIELDS = ["Đất đai", "Hành chính", "Tư pháp", "Chế độ chính sách", "Khác"]
PETITION_TOPICS = [
    "khiếu nại quyết định thu hồi đất, bồi thường chưa thỏa đáng",
    "tố cáo cán bộ ấp có hành vi nhũng nhiễu khi xác nhận hồ sơ",
    "kiến nghị xem xét lại bản án dân sự phúc thẩm về tranh chấp đất",
    "phản ánh việc chậm cấp giấy chứng nhận quyền sử dụng đất",
    "kiến nghị giải quyết chế độ người có công với cách mạng",
    "khiếu nại việc cưỡng chế công trình xây dựng",
    "tranh chấp ranh đất với hộ liền kề chưa được hòa giải",
    "phản ánh ô nhiễm môi trường từ cơ sở chăn nuôi",
    "kiến nghị xem xét chế độ trợ cấp bảo hiểm xã hội",
    "tố cáo việc lấn chiếm đất công làm nhà ở",
    "khiếu nại việc không được hỗ trợ tái định cư",
    "phản ánh thi hành án dân sự kéo dài",
]
ARCHIVE_REASONS = ["Đơn trùng", "Đơn đã có văn bản trả lời", "Không thuộc thẩm quyền", "Nặc danh", "Đơn gửi nhiều nơi", "Nội dung không rõ ràng"]
RECIPIENTS = [
    "UBND tỉnh Đồng Tháp", "Thanh tra tỉnh", "Tòa án nhân dân tỉnh", "Viện Kiểm sát nhân dân tỉnh",
    "Sở Tài nguyên và Môi trường", "Cục Thi hành án dân sự tỉnh", "UBND huyện Cao Lãnh", "UBND thành phố Sa Đéc",
]

# Law names: footnotes 1-2 of report 130/BC-VP plus realistic others.
LAWS_CONFERENCE = [
    "Luật Hòa giải, đối thoại tại Tòa án",
    "Luật sửa đổi, bổ sung một số điều của Luật Giám định tư pháp",
    "Luật Biên phòng Việt Nam",
    "Luật Giao thông đường bộ (sửa đổi)",
    "Luật Bảo đảm trật tự, an toàn giao thông đường bộ",
    "Luật Cư trú (sửa đổi)",
    "Luật Phòng, chống ma túy (sửa đổi)",
    "Luật Doanh nghiệp (sửa đổi)",
    "Luật Đầu tư (sửa đổi)",
    "Luật Cảnh sát cơ động",
    "Luật Thi đua, khen thưởng (sửa đổi)",
]
LAWS_WRITTEN = [
    "Luật sửa đổi, bổ sung một số điều của Luật Ban hành văn bản quy phạm pháp luật",
    "Luật Thanh niên (sửa đổi)",
    "Luật Đầu tư theo hình thức đối tác công tư",
    "Luật sửa đổi, bổ sung một số điều của Luật Phòng, chống thiên tai và Luật Đê điều",
    "Luật sửa đổi, bổ sung một số điều của Luật Xây dựng",
    "Luật sửa đổi, bổ sung một số điều của Luật Đầu tư và Luật Doanh nghiệp",
    "Luật Người lao động Việt Nam đi làm việc ở nước ngoài theo hợp đồng (sửa đổi)",
    "Luật Thỏa thuận quốc tế",
    "Luật sửa đổi, bổ sung một số điều của Luật Bảo vệ môi trường",
    "Luật sửa đổi, bổ sung một số điều của Luật Xử lý vi phạm hành chính",
    "Luật sửa đổi, bổ sung một số điều của Luật Công đoàn",
    "Luật Xuất cảnh, nhập cảnh của người nước ngoài tại Việt Nam (sửa đổi)",
    "Luật Chứng khoán (sửa đổi)",
    "Luật Phòng thủ dân sự",
]
LAWS_OTHER = [
    "Luật Đất đai (sửa đổi)", "Luật Nhà ở (sửa đổi)", "Luật Kinh doanh bất động sản (sửa đổi)",
    "Luật Thực hiện dân chủ ở cơ sở", "Luật Thanh tra (sửa đổi)", "Luật Phòng, chống bạo lực gia đình (sửa đổi)",
    "Luật Điện ảnh (sửa đổi)", "Luật Khám bệnh, chữa bệnh (sửa đổi)", "Luật Giá (sửa đổi)",
    "Luật Tài nguyên nước (sửa đổi)", "Luật Căn cước", "Luật Hợp tác xã (sửa đổi)", "Luật Đấu thầu (sửa đổi)",
    "Luật Bảo hiểm y tế (sửa đổi)", "Luật Lực lượng tham gia bảo vệ an ninh, trật tự ở cơ sở",
    "Luật Viễn thông (sửa đổi)", "Luật Phòng cháy, chữa cháy và cứu nạn, cứu hộ", "Luật Thủ đô (sửa đổi)",
]

MINISTERS = [
    "Bộ trưởng Bộ Nông nghiệp và Phát triển nông thôn", "Bộ trưởng Bộ Tài nguyên và Môi trường",
    "Bộ trưởng Bộ Công Thương", "Bộ trưởng Bộ Tài chính", "Bộ trưởng Bộ Giáo dục và Đào tạo",
    "Tổng Thanh tra Chính phủ", "Thống đốc Ngân hàng Nhà nước", "Bộ trưởng Bộ Xây dựng",
    "Bộ trưởng Bộ Kế hoạch và Đầu tư", "Bộ trưởng Bộ Công an", "Phó Thủ tướng Chính phủ",
]
QUESTION_TOPICS = [
    "bình ổn giá thịt lợn", "hỗ trợ nông dân tái đàn heo sau dịch bệnh", "điều hành xuất khẩu gạo",
    "bảo hiểm bắt buộc xe mô tô, xe máy", "nợ xấu mới phát sinh", "xây dựng nhà ở cho người thu nhập thấp",
    "hạn hán, xâm nhập mặn vùng đồng bằng sông Cửu Long", "tín dụng đen", "khiếu kiện đông người",
    "xuất khẩu nông thủy sản", "tham nhũng vặt", "chiếm dụng bãi biển",
]
DEBATE_TOPICS = [
    "dự án Luật Cư trú (sửa đổi)", "tình hình kinh tế - xã hội năm 2020", "dự án Luật Biên phòng Việt Nam",
    "dự toán ngân sách nhà nước năm 2021", "dự án Luật Bảo vệ môi trường (sửa đổi)", "dự án Luật Doanh nghiệp (sửa đổi)",
    "văn kiện Đại hội XIII của Đảng", "dự án Luật Xử lý vi phạm hành chính", "kế hoạch đầu tư công trung hạn",
]
DELEGATES = ["Đại biểu Phạm Văn Hòa", "Đại biểu Lê Thị Ngọc Hạnh", "Đại biểu Nguyễn Hữu Tâm", "Đại biểu Trần Thanh Lâm", "Đại biểu Huỳnh Minh Tuấn"]

HDND_COMMITTEES = ["Thường trực HĐND", "Ban Kinh tế - Ngân sách", "Ban Văn hóa - Xã hội", "Ban Pháp chế", "Ban Dân tộc"]
OVERSIGHT_TOPICS = [
    "tình hình thực hiện chính sách hỗ trợ người dân gặp khó khăn do đại dịch Covid-19",
    "công tác quản lý, sử dụng đất công", "thực hiện chương trình mục tiêu quốc gia xây dựng nông thôn mới",
    "công tác phòng, chống hạn hán, xâm nhập mặn", "việc giải quyết khiếu nại, tố cáo của công dân",
    "hoạt động của các cơ sở giáo dục mầm non ngoài công lập", "tình hình an ninh trật tự trên địa bàn",
    "công tác bảo vệ môi trường tại các cụm, tuyến dân cư", "thực hiện chính sách bảo hiểm y tế học sinh",
    "tiến độ giải ngân vốn đầu tư công", "việc thực hiện Nghị quyết của HĐND tỉnh về phí, lệ phí",
]
RESOLUTION_TOPICS = [
    "Quy định mức chi hỗ trợ", "Thông qua kế hoạch đầu tư công", "Quy định phí, lệ phí", "Về việc thành lập",
    "Phê chuẩn quyết toán ngân sách", "Quy định chính sách hỗ trợ phát triển", "Về chương trình giám sát",
    "Về việc điều chỉnh chủ trương đầu tư dự án", "Quy định giá dịch vụ", "Về việc đặt tên đường",
]
AUTHORS = [
    "UBND tỉnh Đồng Tháp", "Sở Tài chính", "Sở Kế hoạch và Đầu tư", "Sở Nội vụ", "Văn phòng Quốc hội",
    "Ủy ban MTTQ Việt Nam tỉnh", "Sở Tài nguyên và Môi trường", "UBND huyện Tháp Mười", "Sở Giáo dục và Đào tạo",
    "Công an tỉnh", "Sở Y tế", "Thanh tra tỉnh",
]
DOC_KINDS = ["Công văn", "Tờ trình", "Báo cáo", "Kế hoạch", "Quyết định", "Giấy mời", "Thông báo"]
