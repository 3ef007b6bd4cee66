"""booklet"""
