from django.contrib import admin

from schools.models import (
    Enrolment,
    ParentMembership,
    School,
    SchoolClass,
    StaffMembership,
)


@admin.register(School)
class SchoolAdmin(admin.ModelAdmin):
    list_display = ["name", "country", "is_active", "created_at"]
    list_filter = ["is_active", "country"]
    search_fields = ["name", "slug"]
    prepopulated_fields = {"slug": ["name"]}


@admin.register(StaffMembership)
class StaffMembershipAdmin(admin.ModelAdmin):
    list_display = ["user", "school", "role"]
    list_filter = ["role"]
    list_select_related = ["user", "school"]
    raw_id_fields = ["user", "school"]


@admin.register(SchoolClass)
class SchoolClassAdmin(admin.ModelAdmin):
    list_display = ["name", "school", "teacher", "year_group", "join_code_active"]
    list_select_related = ["school", "teacher"]
    raw_id_fields = ["school", "teacher"]
    search_fields = ["name"]


@admin.register(Enrolment)
class EnrolmentAdmin(admin.ModelAdmin):
    list_display = ["student", "school_class"]
    list_select_related = ["student", "school_class"]
    raw_id_fields = ["student", "school_class"]


@admin.register(ParentMembership)
class ParentMembershipAdmin(admin.ModelAdmin):
    list_display = ["parent", "school", "consented_at"]
    list_select_related = ["parent", "school"]
    raw_id_fields = ["parent", "school"]
