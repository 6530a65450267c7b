"""Số liệu báo cáo Văn phòng Đoàn ĐBQH và HĐND tỉnh: registers → tidy tables → indicators."""

__version__ = "0.1.0"
